import {
  EntityMeshState,
  EvaluatedFinding,
  FrameworkScore,
} from '@meshpath/plugin-mesh-common';

/** Per cluster, the dataplanes of the service's workloads (sidecar, ambient, …). */
export function dataplanesByCluster(
  state: EntityMeshState,
): Array<{ cluster: string; dataplanes: string[] }> {
  return state.clusters.map(cluster => ({
    cluster: cluster.cluster,
    dataplanes: [...new Set(cluster.workloads.map(w => w.dataplane))].sort(),
  }));
}

/** Workload ports whose mTLS mode in force is STRICT, of all workload ports in every cluster. */
export function mtlsCoverage(state: EntityMeshState): {
  covered: number;
  total: number;
} {
  const ports = state.clusters.flatMap(c => c.workloads.flatMap(w => w.ports));
  return {
    covered: ports.filter(p => p.mode === 'STRICT').length,
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
