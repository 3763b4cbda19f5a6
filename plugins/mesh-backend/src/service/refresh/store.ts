import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  EntityMeshState,
  MaturityLevel,
} from '@meshpath/plugin-mesh-common';
import type { EntityFacts, MeshStore } from '../../database';
import { assembleState, StateUpdate } from './assemble';
import { historyPoints, scoreState } from './score';

/** One entity's update from one task, with the catalog facts the fleet filters on. */
export interface EntityUpdate {
  entityRef: string;
  facts: EntityFacts;
  update: StateUpdate;
}

export interface StoreOptions {
  now: Date;
  logger: LoggerService;
  rulesDocumentationUrl?: string;
  /** `mesh.maturityLevels`, lowest first; none when absent. */
  maturityLevels?: MaturityLevel[];
  /** Record the SLO and compliance figures as history (once per cycle: the measurements task). */
  recordHistory?: boolean;
}

/** Whether the state has a part of `cluster`, or says it could not be read. */
const mentionsCluster = (state: EntityMeshState, cluster: string) =>
  (state.clusters ?? []).some(c => c.cluster === cluster) ||
  state.errors.some(e => e.source === `cluster:${cluster}`);

/** The stored state to merge into, or skip when an update that only touches `cluster` has nothing to change. */
function previousFor(
  json: string | undefined,
  u: EntityUpdate,
): { previous?: EntityMeshState; skip: boolean } {
  if (u.update.kind !== 'cluster-gone')
    return { previous: json ? JSON.parse(json) : undefined, skip: false };
  // Most services are not in a given cluster: look for its name before parsing the state.
  const name = u.update.cluster;
  if (
    !json?.includes(`"cluster":${JSON.stringify(name)}`) &&
    !json?.includes(`"source":${JSON.stringify(`cluster:${name}`)}`)
  )
    return { skip: true };
  const previous = JSON.parse(json) as EntityMeshState;
  // A cluster the entity was never in, and that was never unread for it, leaves its state alone.
  return { previous, skip: !mentionsCluster(previous, name) };
}

/**
 * The fleet's facts of a merged state: the namespace is where the state's own
 * objects are (as attribution names it: the first, sorted), whichever task
 * wrote, so a measurements or unread-cluster write does not blank it.
 */
function factsOf(facts: EntityFacts, state: EntityMeshState): EntityFacts {
  const [namespace] = state.objects
    .filter(o => o.relation === 'owned' && o.namespace)
    .map(o => o.namespace!)
    .sort();
  return namespace ? { ...facts, namespace } : facts;
}

/** Whether telemetry could name the entity: it has workloads or hosts in some cluster. */
const locatable = (state: EntityMeshState | undefined) =>
  (state?.clusters ?? []).some(
    c => c.workloads.length > 0 || c.services.some(s => s.hosts.length > 0),
  );

/**
 * Reads a chunk's stored states and waivers in one query each, merges every
 * update and writes the states in batched statements. Returns the entities a
 * cluster's update made locatable for telemetry for the first time.
 */
async function writeChunk(
  store: MeshStore,
  updates: EntityUpdate[],
  options: StoreOptions,
): Promise<string[]> {
  const refs = [...new Set(updates.map(u => u.entityRef))];
  const stored = await store.getStatesJson(refs);
  const waivers = await store.listActiveWaivers(refs, options.now);
  // An entity updated twice in one chunk merges into its first merge.
  const merged = new Map<string, EntityMeshState>();
  const writes: Array<{ state: EntityMeshState; facts: EntityFacts }> = [];
  const located: string[] = [];
  for (const u of updates) {
    const { previous, skip } = merged.has(u.entityRef)
      ? previousFor(JSON.stringify(merged.get(u.entityRef)), u)
      : previousFor(stored.get(u.entityRef), u);
    if (skip) continue;
    const assembled = assembleState({
      entityRef: u.entityRef,
      now: options.now,
      previous,
      update: u.update,
      waivers: waivers.get(u.entityRef) ?? [],
      rulesDocumentationUrl: options.rulesDocumentationUrl,
    });
    if (assembled === previous) continue;
    const state = scoreState(assembled, options.maturityLevels ?? []);
    merged.set(u.entityRef, state);
    writes.push({ state, facts: factsOf(u.facts, state) });
    if (u.update.kind === 'cluster' && !locatable(previous) && locatable(state))
      located.push(u.entityRef);
  }
  await store.putStates(writes);
  if (options.recordHistory)
    await store.addHistories(
      writes.map(w => ({
        entityRef: w.state.entityRef,
        points: historyPoints(w.state),
      })),
    );
  return located;
}

/**
 * Merges a chunk of updates into the stored states in one transaction (read,
 * merge, write), so the parts other tasks wrote are kept; if one entity
 * breaks the transaction, writes them one by one so the others still land.
 * Returns the entities a cluster's update made locatable for telemetry.
 */
export async function storeUpdates(
  store: MeshStore,
  updates: EntityUpdate[],
  options: StoreOptions,
): Promise<string[]> {
  try {
    return await store.transaction(tx => writeChunk(tx, updates, options));
  } catch (chunkError) {
    options.logger.warn(
      `Mesh refresh: storing ${updates.length} entities in one transaction failed, storing them one by one: ${chunkError}`,
    );
    const located: string[] = [];
    for (const u of updates) {
      try {
        located.push(...(await writeChunk(store, [u], options)));
      } catch (error) {
        options.logger.error(
          `Mesh refresh of ${u.entityRef} could not be stored: ${error}`,
        );
      }
    }
    return located;
  }
}
