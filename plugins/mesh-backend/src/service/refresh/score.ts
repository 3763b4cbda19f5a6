import type {
  EntityMeshState,
  HistoryPoint,
} from '@meshpath/plugin-mesh-common';

/** The SLO and compliance figures of a state, as history points at its refresh time. */
export function historyPoints(state: EntityMeshState): HistoryPoint[] {
  const value = (m: { state: string; value?: number }) =>
    m.state === 'known' ? (m as { value: number }).value : null;
  return [
    ...state.slos.flatMap(s => [
      {
        metric: `slo:${s.definition.kind}:sli`,
        value: value(s.sli),
        recordedAt: state.refreshedAt,
      },
      {
        metric: `slo:${s.definition.kind}:budget`,
        value: value(s.errorBudgetRemaining),
        recordedAt: state.refreshedAt,
      },
    ]),
    ...state.compliance.frameworks.map(f => ({
      metric: `compliance:${f.framework}`,
      value: f.score,
      recordedAt: state.refreshedAt,
    })),
  ];
}
