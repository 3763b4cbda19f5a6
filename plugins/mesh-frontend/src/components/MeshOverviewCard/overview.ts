import {
  EntityMeshState,
  EvaluatedFinding,
  FrameworkScore,
} from '@meshpath/plugin-mesh-common';
import { meshConditions } from '../EntityMeshContent/meshCoverage';

/**
 * Per cluster, the dataplanes of the service's workloads (sidecar, ambient, …),
 * and whether the cluster's last read failed: a cluster that could not be read
 * is listed even where the service has no part yet.
 */
export function dataplanesByCluster(
  state: EntityMeshState,
): Array<{ cluster: string; dataplanes: string[]; unread: boolean }> {
  const failed = new Set(meshConditions(state).failedClusters);
  const rows = state.clusters.map(cluster => ({
    cluster: cluster.cluster,
    dataplanes: [...new Set(cluster.workloads.map(w => w.dataplane))].sort(),
    unread: failed.has(cluster.cluster),
  }));
  const listed = new Set(rows.map(r => r.cluster));
  for (const cluster of failed)
    if (!listed.has(cluster))
      rows.push({ cluster, dataplanes: [], unread: true });
  return rows.sort((a, b) => a.cluster.localeCompare(b.cluster));
}

/** Workload ports whose mTLS mode in force is STRICT, of all workload ports in every cluster. */
export function mtlsCoverage(state: EntityMeshState): {
  covered: number;
  total: number;
} {
  const ports = state.clusters.flatMap(c => c.workloads.flatMap(w => w.ports));
  return {
    // A STRICT port no proxy enforces is plaintext: not covered.
    covered: ports.filter(p => p.mode === 'STRICT' && p.enforced).length,
    total: ports.length,
  };
}

/** The framework with the lowest score (the one to act on), ignoring frameworks where no check applies. */
export function weakestFramework(
  frameworks: FrameworkScore[],
): FrameworkScore | undefined {
  return frameworks
    .filter(f => f.score !== null)
    .sort((a, b) => a.score! - b.score!)[0];
}

const severityRank = { error: 0, warning: 1, info: 2 } as const;

/** The open (unwaived) findings to fix first: errors before warnings before info. */
export function topFindings(
  findings: EvaluatedFinding[],
  count: number,
): EvaluatedFinding[] {
  return findings
    .filter(f => !f.waiverId)
    .sort((a, b) => severityRank[a.severity] - severityRank[b.severity])
    .slice(0, count);
}
