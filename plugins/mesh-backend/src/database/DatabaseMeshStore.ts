import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  AuditPage,
  ClusterOutcome,
  EntityMeshState,
  FleetPage,
  FleetTeamRollup,
  FleetTrend,
  HistoryPoint,
  Waiver,
} from '@meshpath/plugin-mesh-common';
import { createHash, randomUUID } from 'crypto';
import { constants as zlibConstants, gzipSync } from 'zlib';
import { Knex } from 'knex';
import type {
  HistoryPage,
  HistoryPosition,
  RefreshBudgets,
  RefreshClaim,
} from './MeshStore';
import {
  AuditEntry,
  EntityFacts,
  FleetFilter,
  MeshStore,
  WaiverDecision,
  WaiverRequest,
} from './MeshStore';
import {
  FLEET_ROW_COLUMNS,
  fleetColumns,
  FleetSort,
  orderFleet,
  rollUpTeams,
  toFleetEntry,
} from './fleetRows';

const migrationsDir = resolvePackagePath(
  '@meshpath/plugin-mesh-backend',
  'migrations',
);

// SQLite returns timestamps as numbers or strings, PostgreSQL as Date objects.
function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  return new Date(String(value)).toISOString();
}

function toWaiver(row: any): Waiver {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    ruleCode: row.rule_code,
    ...(row.object_ref ? { objectRef: row.object_ref } : {}),
    reason: row.reason,
    status: row.status,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    expiresAt: toIso(row.expires_at),
    ...(row.decided_at
      ? { decidedBy: row.decided_by, decidedAt: toIso(row.decided_at) }
      : {}),
    ...(row.decision_comment ? { decisionComment: row.decision_comment } : {}),
    ...(row.revoked_at
      ? { revokedAt: toIso(row.revoked_at), revokedBy: row.revoked_by }
      : {}),
  };
}

function toAuditEntry(row: any): AuditEntry {
  return {
    entityRef: row.entity_ref,
    action: row.action,
    actor: row.actor,
    details: JSON.parse(row.details),
    occurredAt: toIso(row.occurred_at),
  };
}

class BudgetSpent extends Error {
  constructor(readonly retryAfterMs: number) {
    super('budget spent');
  }
}

/**
 * Takes one unit of a fixed-window budget or throws BudgetSpent. Each step is
 * one conditional write, so concurrent replicas cannot both take the last unit
 * (PostgreSQL re-checks the condition on the row it waited for).
 */
async function takeBudget(
  tx: Knex.Transaction,
  now: Date,
  budget: { scope: string; subject: string; limit: number; windowMs: number },
): Promise<void> {
  const key = {
    scope: budget.scope,
    // Keys longer than the column are hashed rather than cut, so two never share a budget.
    subject:
      budget.subject.length <= 255
        ? budget.subject
        : `sha256:${createHash('sha256').update(budget.subject).digest('hex')}`,
  };
  const windowOpenedAfter = new Date(now.getTime() - budget.windowMs);
  await tx('mesh_refresh_budget')
    .insert({ ...key, window_start: new Date(0), used: 0 })
    .onConflict(['scope', 'subject'])
    .ignore();
  const renewed = await tx('mesh_refresh_budget')
    .where(key)
    .andWhere('window_start', '<=', windowOpenedAfter)
    .update({ window_start: now, used: 1 });
  if (renewed > 0) return;
  const taken = await tx('mesh_refresh_budget')
    .where(key)
    .andWhere('window_start', '>', windowOpenedAfter)
    .andWhere('used', '<', budget.limit)
    .increment('used', 1);
  if (taken > 0) return;
  const row = await tx('mesh_refresh_budget').where(key).first('window_start');
  const windowEnds =
    new Date(toIso(row.window_start)).getTime() + budget.windowMs;
  throw new BudgetSpent(Math.max(1, windowEnds - now.getTime()));
}

/** Who the audit log names for what the plugin does by itself. */
const PLUGIN_ACTOR = 'plugin:mesh';

/** Deletes the state and history of entities that left the catalog and revokes their waivers, with audit rows. */
async function removeEntities(
  tx: Knex.Transaction,
  entityRefs: string[],
  now: Date,
): Promise<void> {
  const waivers = await tx('mesh_waivers')
    .whereIn('entity_ref', entityRefs)
    .whereIn('status', ['pending', 'approved'])
    .select('id', 'entity_ref', 'rule_code', 'status');
  const historyCounts = await tx('mesh_history')
    .whereIn('entity_ref', entityRefs)
    .groupBy('entity_ref')
    .select<{ entity_ref: string; count: string | number }[]>(
      'entity_ref',
      tx.raw('count(*) as count'),
    );
  const historyDeleted = new Map<string, number>(
    historyCounts.map(row => [row.entity_ref, Number(row.count)]),
  );
  await tx('mesh_entity_state').whereIn('entity_ref', entityRefs).delete();
  await tx('mesh_entity_state_gzip').whereIn('entity_ref', entityRefs).delete();
  await tx('mesh_history').whereIn('entity_ref', entityRefs).delete();
  await tx('mesh_waivers')
    .whereIn('entity_ref', entityRefs)
    .whereIn('status', ['pending', 'approved'])
    .update({ status: 'revoked', revoked_at: now, revoked_by: PLUGIN_ACTOR });
  const reason = 'the entity left the catalog';
  const rows = [
    ...waivers.map(w => ({
      entity_ref: w.entity_ref,
      action: 'waiver.revoke',
      actor: PLUGIN_ACTOR,
      details: JSON.stringify({
        waiverId: w.id,
        ruleCode: w.rule_code,
        previousStatus: w.status,
        reason,
      }),
      occurred_at: now,
    })),
    ...entityRefs.map(entityRef => ({
      entity_ref: entityRef,
      action: 'entity.remove',
      actor: PLUGIN_ACTOR,
      details: JSON.stringify({
        reason,
        historyPointsDeleted: historyDeleted.get(entityRef) ?? 0,
        waiversRevoked: waivers
          .filter(w => w.entity_ref === entityRef)
          .map(w => w.id),
      }),
      occurred_at: now,
    })),
  ];
  // Small batches: each row binds six parameters.
  for (let i = 0; i < rows.length; i += 200) {
    await tx('mesh_audit_log').insert(rows.slice(i, i + 200));
  }
}

// Each row binds about twenty parameters and a state of some 13 KB.
const STATE_ROWS_PER_STATEMENT = 100;

/**
 * The stored rows of a state: the JSON with the columns the fleet filters and
 * sorts on, and the JSON compressed once for the state route, in a table of its
 * own so that fleet scans stay narrow.
 */
function stateRows(state: EntityMeshState, facts: EntityFacts) {
  const json = JSON.stringify(state);
  const refreshedAt = new Date(state.refreshedAt);
  return {
    state: {
      entity_ref: state.entityRef,
      owner: facts.owner ?? null,
      system: facts.system ?? null,
      namespace: facts.namespace ?? null,
      lifecycle: facts.lifecycle ?? null,
      status: state.status,
      failing_frameworks: failingFrameworks(state),
      ...fleetColumns(state),
      state: json,
      refreshed_at: refreshedAt,
    },
    gzip: {
      entity_ref: state.entityRef,
      refreshed_at: refreshedAt,
      // The fastest level: the refresh writes every state, the route only reads.
      state_gzip: gzipSync(json, { level: zlibConstants.Z_BEST_SPEED }),
    },
  };
}

type StateRows = ReturnType<typeof stateRows>;

/** Upserts states and their gzip together; per row, a newer stored one is never replaced. */
async function upsertStates(tx: Knex.Transaction, rows: StateRows[]) {
  await tx('mesh_entity_state')
    .insert(rows.map(r => r.state))
    .onConflict('entity_ref')
    .merge()
    .whereRaw('mesh_entity_state.refreshed_at <= excluded.refreshed_at');
  await tx('mesh_entity_state_gzip')
    .insert(rows.map(r => r.gzip))
    .onConflict('entity_ref')
    .merge()
    .whereRaw('mesh_entity_state_gzip.refreshed_at <= excluded.refreshed_at');
}

function failingFrameworks(state: EntityMeshState): string {
  const failing = state.compliance.frameworks
    .filter(f => f.failed > 0)
    .map(f => f.framework);
  return failing.length > 0 ? `,${failing.join(',')},` : '';
}

const DAY_MS = 86_400_000;
const startOfDay = (date: Date) =>
  new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()),
  );

/** The MeshStore on the plugin's own database (SQLite or PostgreSQL). */
export class DatabaseMeshStore implements MeshStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseMeshStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseMeshStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async putState(state: EntityMeshState, facts: EntityFacts): Promise<void> {
    // A refresh that started earlier but finished later must not replace a newer state.
    const rows = [stateRows(state, facts)];
    await this.db.transaction(tx => upsertStates(tx, rows));
  }

  async putStates(
    entries: Array<{ state: EntityMeshState; facts: EntityFacts }>,
  ): Promise<void> {
    // One row per entity: an upsert may not touch a row twice (PostgreSQL refuses it).
    const latest = new Map<string, (typeof entries)[number]>();
    for (const entry of entries) {
      const kept = latest.get(entry.state.entityRef);
      if (!kept || kept.state.refreshedAt <= entry.state.refreshedAt)
        latest.set(entry.state.entityRef, entry);
    }
    const rows = [...latest.values()].map(e => stateRows(e.state, e.facts));
    for (let i = 0; i < rows.length; i += STATE_ROWS_PER_STATEMENT) {
      // A state and its gzip change together: the route never sends an older one than the JSON.
      await this.db.transaction(tx =>
        upsertStates(tx, rows.slice(i, i + STATE_ROWS_PER_STATEMENT)),
      );
    }
  }

  async getStatesJson(entityRefs: string[]): Promise<Map<string, string>> {
    const states = new Map<string, string>();
    if (entityRefs.length === 0) return states;
    const query = this.db('mesh_entity_state');
    this.whereEntityRefIn(query, entityRefs);
    for (const row of await query.select('entity_ref', 'state'))
      states.set(row.entity_ref, row.state);
    return states;
  }

  async getStateJson(entityRef: string): Promise<string | undefined> {
    const row = await this.db('mesh_entity_state')
      .where({ entity_ref: entityRef })
      .first('state');
    return row?.state;
  }

  async getStateGzip(entityRef: string): Promise<Buffer | undefined> {
    const row = await this.db('mesh_entity_state_gzip')
      .where({ entity_ref: entityRef })
      .first('state_gzip');
    return row?.state_gzip ?? undefined;
  }

  async getState(entityRef: string): Promise<EntityMeshState | undefined> {
    const row = await this.db('mesh_entity_state')
      .where({ entity_ref: entityRef })
      .first('state');
    return row ? JSON.parse(row.state) : undefined;
  }

  async listFleet(
    filter: FleetFilter,
    page: { offset: number; limit: number },
    sort: FleetSort = { field: 'service', order: 'asc' },
  ): Promise<FleetPage> {
    const filtered = () => this.fleetQuery(filter);
    const [{ count }] = await filtered().count({ count: '*' });
    const rows = await orderFleet(filtered(), sort)
      .offset(page.offset)
      .limit(page.limit)
      .select(FLEET_ROW_COLUMNS);
    return {
      items: rows.map((row: any) => toFleetEntry(row, toIso(row.refreshed_at))),
      totalCount: Number(count),
      offset: page.offset,
      limit: page.limit,
    };
  }

  async listFleetTeams(filter: FleetFilter): Promise<FleetTeamRollup[]> {
    return rollUpTeams(
      await this.fleetQuery(filter).select(
        'owner',
        'maturity_level',
        'open_findings',
        'finding_codes',
      ),
    );
  }

  async getFleetTrend(
    filter: FleetFilter,
    options: { framework: string; since: Date; until: Date },
  ): Promise<FleetTrend> {
    const metric = `compliance:${options.framework}`;
    const entities = this.fleetQuery(filter).select('entity_ref');
    const points: FleetTrend['points'] = [];
    // One portable aggregate per day: date functions differ between the databases.
    for (
      let day = startOfDay(options.since);
      day <= options.until;
      day = new Date(day.getTime() + DAY_MS)
    ) {
      const [row] = await this.db('mesh_history')
        .where('metric', metric)
        .whereNotNull('value')
        .where('recorded_at', '>=', day)
        .where('recorded_at', '<', new Date(day.getTime() + DAY_MS))
        .whereIn('entity_ref', entities.clone())
        .select(
          this.db.raw('avg(value) as score'),
          this.db.raw('count(distinct entity_ref) as services'),
        );
      const services = Number(row?.services ?? 0);
      points.push({
        day: day.toISOString().slice(0, 10),
        score: services > 0 ? Number(row.score) : null,
        services,
      });
    }
    return { framework: options.framework, points };
  }

  async listFleetRefs(filter: FleetFilter): Promise<string[]> {
    return this.fleetQuery(filter).orderBy('entity_ref').pluck('entity_ref');
  }

  private fleetQuery(filter: FleetFilter) {
    const where: Record<string, string> = {};
    for (const key of ['namespace', 'status'] as const) {
      if (filter[key]) where[key] = filter[key]!;
    }
    const query = this.db('mesh_entity_state').where(where);
    for (const key of ['owner', 'system', 'lifecycle'] as const) {
      const values = ([] as string[]).concat(filter[key] ?? []);
      if (values.length > 0) query.whereIn(key, values);
    }
    if (filter.framework) {
      query.andWhere('failing_frameworks', 'like', `%,${filter.framework},%`);
    }
    if (filter.cluster) {
      query.andWhere('clusters', 'like', `%,${filter.cluster},%`);
    }
    if (filter.level === 'none') query.whereNull('maturity_level');
    else if (filter.level) query.where('maturity_level', filter.level);
    if (filter.entityRefs) this.whereEntityRefIn(query, filter.entityRefs);
    return query;
  }

  /**
   * Keeps rows whose entity_ref is in `refs`, a list as long as the fleet: one
   * JSON parameter on PostgreSQL and SQLite, where a bound parameter per ref
   * would run into their limits (65,535 and 32,766).
   */
  private whereEntityRefIn(query: Knex.QueryBuilder, refs: string[]) {
    const client = String(this.db.client.config.client);
    if (client === 'pg') {
      query.whereRaw(
        'entity_ref in (select json_array_elements_text(?::json))',
        [JSON.stringify(refs)],
      );
    } else if (client.includes('sqlite')) {
      query.whereRaw('entity_ref in (select value from json_each(?))', [
        JSON.stringify(refs),
      ]);
    } else {
      query.whereIn('entity_ref', refs);
    }
  }

  async deleteStatesExcept(
    entityRefs: string[],
    now: Date = new Date(),
  ): Promise<number> {
    const keep = new Set(entityRefs);
    const existing = await this.db('mesh_entity_state').pluck('entity_ref');
    const gone = existing.filter((ref: string) => !keep.has(ref));
    // All or nothing: an entity never loses its state but keeps waivers that still count.
    await this.db.transaction(async tx => {
      // Chunked so large fleets stay under the databases' bound-parameter limits.
      for (let i = 0; i < gone.length; i += 500) {
        await removeEntities(tx, gone.slice(i, i + 500), now);
      }
    });
    return gone.length;
  }

  async putClusterOutcome(outcome: ClusterOutcome): Promise<void> {
    const refreshedAt = new Date(outcome.refreshedAt);
    await this.db('mesh_cluster_outcome')
      .insert({
        cluster: outcome.cluster,
        source: outcome.source,
        refreshed_at: refreshedAt,
        readable: outcome.readable,
        objects: outcome.objects,
        errors: JSON.stringify(outcome.errors),
      })
      .onConflict('cluster')
      .merge()
      // An on-demand read overtaken by the schedule does not replace a later outcome.
      .where('mesh_cluster_outcome.refreshed_at', '<=', refreshedAt);
  }

  async listClusterOutcomes(): Promise<ClusterOutcome[]> {
    const rows = await this.db('mesh_cluster_outcome').orderBy('cluster');
    return rows.map((row: any) => ({
      cluster: row.cluster,
      source: row.source,
      refreshedAt: toIso(row.refreshed_at),
      readable: Boolean(row.readable),
      objects: Number(row.objects),
      errors: JSON.parse(row.errors),
    }));
  }

  async deleteClusterOutcomesExcept(clusters: string[]): Promise<number> {
    return this.db('mesh_cluster_outcome')
      .whereNotIn('cluster', clusters)
      .delete();
  }

  async addHistory(entityRef: string, points: HistoryPoint[]): Promise<void> {
    if (points.length === 0) return;
    await this.db.batchInsert(
      'mesh_history',
      points.map(p => ({
        entity_ref: entityRef,
        metric: p.metric,
        value: p.value,
        recorded_at: new Date(p.recordedAt),
      })),
      200,
    );
  }

  async addHistories(
    entries: Array<{ entityRef: string; points: HistoryPoint[] }>,
  ): Promise<void> {
    const rows = entries.flatMap(e =>
      e.points.map(p => ({
        entity_ref: e.entityRef,
        metric: p.metric,
        value: p.value,
        recorded_at: new Date(p.recordedAt),
      })),
    );
    if (rows.length === 0) return;
    await this.db.batchInsert('mesh_history', rows, 200);
  }

  async getHistory(
    entityRef: string,
    options: { since: Date; metric?: string },
  ): Promise<HistoryPoint[]> {
    const query = this.db('mesh_history')
      .where('entity_ref', entityRef)
      .andWhere('recorded_at', '>=', options.since)
      .orderBy([{ column: 'recorded_at' }, { column: 'id' }]);
    if (options.metric) query.andWhere('metric', options.metric);
    const rows = await query.select('metric', 'value', 'recorded_at');
    return rows.map(row => ({
      metric: row.metric,
      value: row.value === null ? null : Number(row.value),
      recordedAt: toIso(row.recorded_at),
    }));
  }

  async pruneHistory(before: Date): Promise<number> {
    return this.db('mesh_history').where('recorded_at', '<', before).delete();
  }

  async getHistoryPage(
    entityRef: string,
    options: {
      since: Date;
      metric?: string;
      limit: number;
      after?: HistoryPosition;
    },
  ): Promise<HistoryPage> {
    const query = this.db('mesh_history')
      .where('entity_ref', entityRef)
      .andWhere('recorded_at', '>=', options.since);
    if (options.metric) query.andWhere('metric', options.metric);
    const after = options.after;
    if (after) {
      const at = new Date(after.recordedAt);
      query.andWhere(q =>
        q
          .where('recorded_at', '>', at)
          .orWhere(same =>
            same.where('recorded_at', at).andWhere('id', '>', after.id),
          ),
      );
    }
    // One row more than the page tells whether another page follows.
    const rows = await query
      .orderBy([{ column: 'recorded_at' }, { column: 'id' }])
      .limit(options.limit + 1)
      .select('id', 'metric', 'value', 'recorded_at');
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(row => ({
        metric: row.metric,
        value: row.value === null ? null : Number(row.value),
        recordedAt: toIso(row.recorded_at),
      })),
      ...(rows.length > options.limit
        ? { next: { recordedAt: toIso(last.recorded_at), id: Number(last.id) } }
        : {}),
    };
  }

  async claimOnDemandRefresh(
    budgets: RefreshBudgets,
    now: Date = new Date(),
  ): Promise<RefreshClaim> {
    try {
      // Both budgets in one transaction: a refused caller does not spend the entity's turn.
      await this.db.transaction(async tx => {
        await takeBudget(tx, now, {
          scope: 'entity',
          subject: budgets.entityRef,
          limit: 1,
          windowMs: budgets.entityIntervalMs,
        });
        await takeBudget(tx, now, {
          scope: 'caller',
          subject: budgets.caller,
          limit: budgets.callerLimit,
          windowMs: budgets.callerWindowMs,
        });
      });
      return { granted: true };
    } catch (error) {
      if (error instanceof BudgetSpent) {
        return { granted: false, retryAfterMs: error.retryAfterMs };
      }
      throw error;
    }
  }

  async createWaiver(
    input: WaiverRequest,
    now: Date = new Date(),
  ): Promise<Waiver> {
    const row = {
      id: randomUUID(),
      entity_ref: input.entityRef,
      rule_code: input.ruleCode,
      object_ref: input.objectRef ?? null,
      reason: input.reason,
      status: 'pending',
      created_by: input.createdBy,
      created_at: now,
      expires_at: new Date(input.expiresAt),
      decided_by: null,
      decided_at: null,
      decision_comment: null,
      revoked_at: null,
      revoked_by: null,
    };
    await this.db.transaction(async tx => {
      await tx('mesh_waivers').insert(row);
      await tx('mesh_audit_log').insert({
        entity_ref: input.entityRef,
        action: 'waiver.request',
        actor: input.createdBy,
        details: JSON.stringify({
          waiverId: row.id,
          ruleCode: input.ruleCode,
          objectRef: input.objectRef,
          reason: input.reason,
          expiresAt: row.expires_at.toISOString(),
        }),
        occurred_at: now,
      });
    });
    return toWaiver(row);
  }

  async getWaiver(entityRef: string, id: string): Promise<Waiver | undefined> {
    const row = await this.db('mesh_waivers')
      .where({ id, entity_ref: entityRef })
      .first();
    return row ? toWaiver(row) : undefined;
  }

  async decideWaiver(
    entityRef: string,
    id: string,
    decision: WaiverDecision,
    now: Date = new Date(),
  ): Promise<Waiver | undefined> {
    return this.db.transaction(async tx => {
      // Only a pending request is decided, so two approvers cannot both decide it.
      const updated = await tx('mesh_waivers')
        .where({ id, entity_ref: entityRef, status: 'pending' })
        .update({
          status: decision.status,
          decided_by: decision.decidedBy,
          decided_at: now,
          decision_comment: decision.comment ?? null,
        });
      if (updated === 0) return undefined;
      const row = await tx('mesh_waivers')
        .where({ id, entity_ref: entityRef })
        .first();
      await tx('mesh_audit_log').insert({
        entity_ref: entityRef,
        action:
          decision.status === 'approved' ? 'waiver.approve' : 'waiver.reject',
        actor: decision.decidedBy,
        details: JSON.stringify({
          waiverId: id,
          ruleCode: row.rule_code,
          comment: decision.comment,
        }),
        occurred_at: now,
      });
      return toWaiver(row);
    });
  }

  async revokeWaiver(
    entityRef: string,
    id: string,
    revokedBy: string,
    now: Date = new Date(),
  ): Promise<Waiver | undefined> {
    return this.db.transaction(async tx => {
      const before = await tx('mesh_waivers')
        .where({ id, entity_ref: entityRef })
        .first('status');
      if (!before) return undefined;
      const updated = await tx('mesh_waivers')
        .where({ id, entity_ref: entityRef })
        .whereIn('status', ['pending', 'approved'])
        .update({ status: 'revoked', revoked_at: now, revoked_by: revokedBy });
      const row = await tx('mesh_waivers')
        .where({ id, entity_ref: entityRef })
        .first();
      if (updated > 0) {
        await tx('mesh_audit_log').insert({
          entity_ref: entityRef,
          action: 'waiver.revoke',
          actor: revokedBy,
          details: JSON.stringify({
            waiverId: id,
            ruleCode: row.rule_code,
            previousStatus: before.status,
          }),
          occurred_at: now,
        });
      }
      return toWaiver(row);
    });
  }

  async listWaivers(entityRef: string, activeAt?: Date): Promise<Waiver[]> {
    const query = this.db('mesh_waivers')
      .where('entity_ref', entityRef)
      .orderBy('created_at');
    if (activeAt) {
      query.where('status', 'approved').andWhere('expires_at', '>', activeAt);
    }
    return (await query.select()).map(toWaiver);
  }

  async listActiveWaivers(
    entityRefs: string[],
    activeAt: Date,
  ): Promise<Map<string, Waiver[]>> {
    const waivers = new Map<string, Waiver[]>();
    if (entityRefs.length === 0) return waivers;
    const query = this.db('mesh_waivers')
      .where('status', 'approved')
      .andWhere('expires_at', '>', activeAt)
      .orderBy('created_at');
    this.whereEntityRefIn(query, entityRefs);
    for (const row of await query.select()) {
      const waiver = toWaiver(row);
      waivers.set(waiver.entityRef, [
        ...(waivers.get(waiver.entityRef) ?? []),
        waiver,
      ]);
    }
    return waivers;
  }

  async transaction<T>(fn: (store: MeshStore) => Promise<T>): Promise<T> {
    return this.db.transaction(tx => fn(new DatabaseMeshStore(tx)));
  }

  async getAuditLog(entityRef: string): Promise<AuditEntry[]> {
    const rows = await this.db('mesh_audit_log')
      .where('entity_ref', entityRef)
      .orderBy('id');
    return rows.map(toAuditEntry);
  }

  async listAudit(
    entityRef: string,
    page: { offset: number; limit: number },
  ): Promise<AuditPage> {
    const [{ count }] = await this.db('mesh_audit_log')
      .where('entity_ref', entityRef)
      .count({ count: '*' });
    const rows = await this.db('mesh_audit_log')
      .where('entity_ref', entityRef)
      .orderBy('id', 'desc')
      .offset(page.offset)
      .limit(page.limit);
    return {
      items: rows.map(toAuditEntry),
      totalCount: Number(count),
      offset: page.offset,
      limit: page.limit,
    };
  }
}
