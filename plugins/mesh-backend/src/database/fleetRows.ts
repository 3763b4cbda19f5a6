import type {
  EntityMeshState,
  FleetEntry,
  FleetTeamRollup,
} from '@meshpath/plugin-mesh-common';
import { Knex } from 'knex';
import { statusReasons } from '../evaluation/status';

/** Columns the fleet overview can be sorted by. */
const FLEET_SORT_FIELDS = [
  'service',
  'owner',
  'system',
  'namespace',
  'clusters',
  'status',
  'mtls',
  'sloBudget',
  'compliance',
  'openFindings',
  'maturity',
] as const;

/** How the fleet is ordered; `framework` picks the score `compliance` sorts by. */
export interface FleetSort {
  field: (typeof FLEET_SORT_FIELDS)[number];
  order: 'asc' | 'desc';
  framework?: string;
}

const commaList = (values: string[]) =>
  values.length > 0 ? `,${values.join(',')},` : '';

/** The columns kept beside a state so the fleet sorts and filters in SQL. */
export function fleetColumns(state: EntityMeshState) {
  const open = state.compliance.findings.filter(f => !f.waiverId);
  const budgets = state.slos.flatMap(s =>
    s.errorBudgetRemaining.state === 'known'
      ? [s.errorBudgetRemaining.value]
      : [],
  );
  const scores: Record<string, number | null> = {};
  for (const f of state.compliance.frameworks) scores[f.framework] = f.score;
  return {
    clusters: commaList(state.clusters.map(c => c.cluster)),
    mtls: state.mtls,
    slo_budget: budgets.length > 0 ? Math.min(...budgets) : null,
    compliance_scores: JSON.stringify(scores),
    open_findings: open.length,
    finding_codes: commaList(open.map(f => `${f.code}:${f.severity}`)),
    maturity_level: state.maturity?.level ?? null,
    maturity_rank: state.maturity?.rank ?? 0,
    maturity_next: state.maturity?.next
      ? JSON.stringify(state.maturity.next)
      : null,
    status_reasons: JSON.stringify(statusReasons(state)),
  };
}

/** Columns a fleet row is read from (never the state document). */
export const FLEET_ROW_COLUMNS = [
  'entity_ref',
  'owner',
  'system',
  'lifecycle',
  'namespace',
  'clusters',
  'status',
  'mtls',
  'slo_budget',
  'compliance_scores',
  'open_findings',
  'maturity_level',
  'maturity_next',
  'status_reasons',
  'refreshed_at',
];

const splitList = (value: string | null) =>
  (value ?? '').split(',').filter(Boolean);

/** One fleet row from its columns. */
export function toFleetEntry(row: any, refreshedAt: string): FleetEntry {
  const budget = row.slo_budget === null ? undefined : Number(row.slo_budget);
  const reasons: string[] =
    row.status !== 'ok' ? JSON.parse(row.status_reasons || '[]') : [];
  return {
    entityRef: row.entity_ref,
    ...(row.owner ? { owner: row.owner } : {}),
    ...(row.system ? { system: row.system } : {}),
    ...(row.lifecycle ? { lifecycle: row.lifecycle } : {}),
    ...(row.namespace ? { namespace: row.namespace } : {}),
    clusters: splitList(row.clusters),
    status: row.status,
    mtls: row.mtls,
    ...(budget !== undefined && Number.isFinite(budget)
      ? { sloBudgetRemaining: budget }
      : {}),
    complianceScores: JSON.parse(row.compliance_scores || '{}'),
    openFindings: Number(row.open_findings),
    ...(row.maturity_level ? { maturityLevel: row.maturity_level } : {}),
    ...(row.maturity_next
      ? { maturityNext: JSON.parse(row.maturity_next) }
      : {}),
    ...(reasons.length > 0 ? { statusReasons: reasons } : {}),
    refreshedAt,
  };
}

const STATUS_RANK =
  "case status when 'critical' then 3 when 'warning' then 2 when 'ok' then 1 else 0 end";
const MTLS_RANK =
  "case mtls when 'STRICT' then 4 when 'PERMISSIVE' then 3 when 'DISABLE' then 2 when 'NONE' then 1 else 0 end";

/**
 * Orders a fleet query, empty values last in either direction, then by
 * entity ref so pages never overlap.
 */
export function orderFleet(query: Knex.QueryBuilder, sort: FleetSort) {
  const dir = sort.order === 'desc' ? 'desc' : 'asc';
  const isPg = String(query.client.config.client) === 'pg';
  const column = (expression: string, bindings: string[] = []) => {
    query.orderByRaw(`(${expression}) is null`, bindings);
    query.orderByRaw(`${expression} ${dir}`, bindings);
  };
  switch (sort.field) {
    case 'service':
      break;
    case 'owner':
    case 'system':
    case 'namespace':
    case 'clusters':
      column(`nullif(${sort.field}, '')`);
      break;
    case 'status':
      column(STATUS_RANK);
      break;
    case 'mtls':
      column(MTLS_RANK);
      break;
    case 'sloBudget':
      column('slo_budget');
      break;
    case 'openFindings':
      column('open_findings');
      break;
    case 'maturity':
      column('maturity_rank');
      break;
    case 'compliance':
      // The framework is a bound parameter, never spliced into the SQL.
      column(
        isPg
          ? '(compliance_scores::json->>?)::float'
          : 'json_extract(compliance_scores, ?)',
        [isPg ? sort.framework ?? '' : `$."${sort.framework ?? ''}"`],
      );
      break;
    default:
  }
  query.orderBy('entity_ref', sort.field === 'service' ? dir : 'asc');
  return query;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** The fleet's figures per owner, from the fleet rows' light columns. */
export function rollUpTeams(
  rows: Array<{
    owner: string | null;
    maturity_level: string | null;
    open_findings: number;
    finding_codes: string;
  }>,
  worstPerTeam = 5,
): FleetTeamRollup[] {
  const teams = new Map<
    string,
    FleetTeamRollup & {
      codes: Map<string, FleetTeamRollup['worstFindings'][number]>;
    }
  >();
  for (const row of rows) {
    const key = row.owner ?? '';
    let team = teams.get(key);
    if (!team) {
      team = {
        ...(row.owner ? { owner: row.owner } : {}),
        services: 0,
        levels: {},
        openFindings: 0,
        worstFindings: [],
        codes: new Map(),
      };
      teams.set(key, team);
    }
    team.services += 1;
    const level = row.maturity_level ?? 'none';
    team.levels[level] = (team.levels[level] ?? 0) + 1;
    team.openFindings += Number(row.open_findings);
    // A code counts once per service, however many objects it is found on.
    const seen = new Set<string>();
    for (const entry of splitList(row.finding_codes)) {
      const [code, severity] = entry.split(':') as [
        string,
        keyof typeof SEVERITY_RANK,
      ];
      if (seen.has(code) || !(severity in SEVERITY_RANK)) continue;
      seen.add(code);
      const known = team.codes.get(code);
      if (known) {
        known.services += 1;
        if (SEVERITY_RANK[severity] < SEVERITY_RANK[known.severity])
          known.severity = severity;
      } else team.codes.set(code, { code, severity, services: 1 });
    }
  }
  return [...teams.values()]
    .map(({ codes, ...team }) => ({
      ...team,
      worstFindings: [...codes.values()]
        .sort(
          (a, b) =>
            SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
            b.services - a.services ||
            a.code.localeCompare(b.code),
        )
        .slice(0, worstPerTeam),
    }))
    .sort(
      (a, b) =>
        b.openFindings - a.openFindings ||
        (a.owner ?? '').localeCompare(b.owner ?? ''),
    );
}
