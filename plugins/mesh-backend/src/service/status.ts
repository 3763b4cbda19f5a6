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
