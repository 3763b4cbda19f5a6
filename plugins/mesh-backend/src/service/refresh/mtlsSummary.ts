import type { WorkloadPolicy } from '@meshpath/plugin-mesh-common';

const WEAKEST_FIRST = ['NONE', 'DISABLE', 'PERMISSIVE', 'STRICT'];

/**
 * The weakest mTLS mode in force on any port of the workloads, from the
 * engine's policy model: one word for the fleet and the summary card.
 * `NONE` where no proxy enforces a port's mode (its traffic is plaintext,
 * whatever the PeerAuthentication says); `unknown` without workloads.
 */
export function mtlsSummary(workloads: WorkloadPolicy[]): string {
  const modes = workloads.flatMap(w => [
    w.dataplane === 'none' ? 'NONE' : w.mtls.mode,
    ...w.ports.map(p => (p.enforced ? p.mode : 'NONE')),
  ]);
  return WEAKEST_FIRST.find(mode => modes.includes(mode as any)) ?? 'unknown';
}
