import type { EntityMeshState, MeshStatus } from '@meshpath/plugin-mesh-common';

type StatelessState = Omit<EntityMeshState, 'status'>;

/** What a state's status is made of: counted once, so the word and its reasons cannot disagree. */
function causesOf(state: StatelessState) {
  // States stored by older versions may lack a list: read as empty.
  const slos = state.slos ?? [];
  const firing = slos.flatMap(s => (s.alerts ?? []).filter(a => a.firing));
  const open = (state.compliance?.findings ?? []).filter(f => !f.waiverId);
  const drift = state.drift;
  const errorsBySource = new Map<string, string[]>();
  for (const e of state.errors ?? [])
    errorsBySource.set(e.source, [
      ...(errorsBySource.get(e.source) ?? []),
      e.message,
    ]);
  return {
    paging: firing.filter(a => a.severity === 'page').length,
    firing: firing.length,
    errors: open.filter(f => f.severity === 'error').length,
    warnings: open.filter(f => f.severity === 'warning').length,
    drifted: drift
      ? (drift.declaredNotLive?.length ?? 0) +
        (drift.liveNotDeclared?.length ?? 0) +
        (drift.differing?.length ?? 0)
      : 0,
    errorsBySource,
    nothingKnown:
      (state.objects ?? []).length === 0 &&
      slos.every(s => s.sli.state === 'unknown'),
  };
}

/** One word for the fleet overview: the worst of SLO alerts, unwaived findings, drift and source errors. */
export function overallStatus(state: StatelessState): MeshStatus {
  const c = causesOf(state);
  if (c.paging > 0 || c.errors > 0) return 'critical';
  if (c.nothingKnown) return 'unknown';
  if (c.firing > 0 || c.warnings > 0 || c.drifted > 0 || c.errorsBySource.size)
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
export function statusReasons(state: StatelessState): string[] {
  const c = causesOf(state);
  const reasons: string[] = [];
  // What makes a service critical first, then what makes it warn.
  if (c.paging > 0)
    reasons.push(counted(c.paging, 'SLO alert paging', 'SLO alerts paging'));
  if (c.errors > 0)
    reasons.push(counted(c.errors, 'error finding', 'error findings'));
  if (c.firing > c.paging)
    reasons.push(
      counted(c.firing - c.paging, 'SLO alert firing', 'SLO alerts firing'),
    );
  if (c.warnings > 0)
    reasons.push(counted(c.warnings, 'warning finding', 'warning findings'));
  if (c.drifted > 0)
    reasons.push(
      counted(c.drifted, 'object drifted from Git', 'objects drifted from Git'),
    );
  for (const [source, messages] of c.errorsBySource) {
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
