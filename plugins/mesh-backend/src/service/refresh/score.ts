import type {
  EntityMeshState,
  HistoryPoint,
  MaturityLevel,
} from '@meshpath/plugin-mesh-common';
import { assessMaturity } from './maturity';

/** The state with its maturity level assessed; unchanged without levels configured. */
export function scoreState(
  state: EntityMeshState,
  levels: MaturityLevel[],
): EntityMeshState {
  if (levels.length === 0) {
    if (!state.maturity) return state;
    const { maturity: _dropped, ...rest } = state;
    return rest;
  }
  return { ...state, maturity: assessMaturity(state, levels) };
}

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
