import type {
  EntityMeshState,
  HistoryPoint,
  SloStatus,
  SourceError,
  Waiver,
} from '@meshpath/plugin-mesh-common';
import { EngineResult, scoreCompliance } from '../../evaluation/compliance';
import { withLastGood } from '../lastGood';
import { overallStatus } from '../status';
import type { MeshFacts } from './attribute';

/** An entity's state from its facts, SLOs and findings, with waivers applied and last good values carried over. */
export function scoreEntity(input: {
  entityRef: string;
  now: Date;
  facts: MeshFacts;
  slos: SloStatus[];
  engineResult: EngineResult;
  waivers: Waiver[];
  previous?: EntityMeshState;
  errors: SourceError[];
}): EntityMeshState {
  const partial: Omit<EntityMeshState, 'status'> = {
    entityRef: input.entityRef,
    refreshedAt: input.now.toISOString(),
    ...input.facts,
    slos: withLastGood(input.slos, input.previous),
    compliance: scoreCompliance(input.engineResult, input.waivers),
    errors: input.errors,
  };
  return { ...partial, status: overallStatus(partial) };
}

/** The state of an entity whose evaluation threw: nothing known, and why. */
export function failedState(
  entityRef: string,
  now: Date,
  errors: SourceError[],
): EntityMeshState {
  const partial: Omit<EntityMeshState, 'status'> = {
    entityRef,
    refreshedAt: now.toISOString(),
    objects: [],
    mtls: 'unknown',
    allowedCallers: [],
    canaries: [],
    slos: [],
    compliance: scoreCompliance({ findings: [], compliance: [] }, []),
    errors,
  };
  return { ...partial, status: overallStatus(partial) };
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
