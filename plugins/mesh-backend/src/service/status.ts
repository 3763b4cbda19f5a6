import type { EntityMeshState, MeshStatus } from '@meshpath/plugin-mesh-common';

/** One word for the fleet overview: the worst of SLO alerts, unwaived findings, drift and source errors. */
export function overallStatus(
  state: Omit<EntityMeshState, 'status'>,
): MeshStatus {
  const firing = state.slos.flatMap(s => s.alerts.filter(a => a.firing));
  const open = state.compliance.findings.filter(f => !f.waiverId);
  if (
    firing.some(a => a.severity === 'page') ||
    open.some(f => f.severity === 'error')
  )
    return 'critical';
  const allUnknown = state.slos.every(s => s.sli.state === 'unknown');
  if (state.objects.length === 0 && allUnknown) return 'unknown';
  const drift = state.drift;
  const drifted =
    drift &&
    drift.declaredNotLive.length +
      drift.liveNotDeclared.length +
      drift.differing.length >
      0;
  if (
    firing.length > 0 ||
    open.some(f => f.severity === 'warning') ||
    drifted ||
    state.errors.length > 0
  )
    return 'warning';
  return 'ok';
}

/** The longest reason line kept: the fleet shows it beside the status word. */
const REASON_CHARS = 100;
const short = (line: string) =>
  line.length > REASON_CHARS ? `${line.slice(0, REASON_CHARS - 1)}…` : line;
const counted = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

/**
 * Why {@link overallStatus} is not ok, one short line per cause, worst first:
 * the fleet shows them beside the status. Errors are one line per source,
 * with its first message (the cluster's own name already in it).
 */
export function statusReasons(
  state: Omit<EntityMeshState, 'status'>,
): string[] {
  const reasons: string[] = [];
  // States stored by older versions may lack a list: read as empty.
  const firing = (state.slos ?? []).flatMap(s =>
    (s.alerts ?? []).filter(a => a.firing),
  );
  const paging = firing.filter(a => a.severity === 'page').length;
  const open = (state.compliance?.findings ?? []).filter(f => !f.waiverId);
  const errors = open.filter(f => f.severity === 'error').length;
  const warnings = open.filter(f => f.severity === 'warning').length;
  // What makes a service critical first, then what makes it warn.
  if (paging > 0)
    reasons.push(counted(paging, 'SLO alert paging', 'SLO alerts paging'));
  if (errors > 0)
    reasons.push(counted(errors, 'error finding', 'error findings'));
  if (firing.length > paging)
    reasons.push(
      counted(firing.length - paging, 'SLO alert firing', 'SLO alerts firing'),
    );
  if (warnings > 0)
    reasons.push(counted(warnings, 'warning finding', 'warning findings'));
  const drift = state.drift;
  const drifted = drift
    ? (drift.declaredNotLive?.length ?? 0) +
      (drift.liveNotDeclared?.length ?? 0) +
      (drift.differing?.length ?? 0)
    : 0;
  if (drifted > 0)
    reasons.push(
      counted(drifted, 'object drifted from Git', 'objects drifted from Git'),
    );
  const bySource = new Map<string, string[]>();
  for (const e of state.errors ?? [])
    bySource.set(e.source, [...(bySource.get(e.source) ?? []), e.message]);
  for (const [source, messages] of bySource) {
    const cluster = source.startsWith('cluster:')
      ? source.slice('cluster:'.length)
      : undefined;
    // Cluster sources' messages start with the cluster's name already.
    const first =
      cluster && messages[0].startsWith(`${cluster}: `)
        ? messages[0]
        : `${cluster ?? source}: ${messages[0]}`;
    const more = messages.length > 1 ? ` (+${messages.length - 1} more)` : '';
    reasons.push(short(first) + more);
  }
  return reasons;
}
