import type { WorkloadPolicy } from '@meshpath/plugin-mesh-common';

const WEAKEST_FIRST = ['DISABLE', 'PERMISSIVE', 'STRICT'];

/**
 * The weakest mTLS mode in force on any port of the workloads, from the
 * engine's policy model: one word for the fleet and the summary card.
 * `unknown` without workloads.
 */
export function mtlsSummary(workloads: WorkloadPolicy[]): string {
  const modes = workloads.flatMap(w => [
    w.mtls.mode,
    ...w.ports.map(p => p.mode),
  ]);
  return WEAKEST_FIRST.find(mode => modes.includes(mode as any)) ?? 'unknown';
}
