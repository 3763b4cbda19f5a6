import type {
  EntityMeshState,
  Measurement,
  SloStatus,
} from '@meshpath/plugin-mesh-common';

function carry(
  current: Measurement,
  previous: Measurement | undefined,
  previousAt: string,
): Measurement {
  if (current.state === 'known' || !previous) return current;
  const lastGoodAt =
    previous.state === 'known' ? previousAt : previous.lastGoodAt;
  return lastGoodAt ? { ...current, lastGoodAt } : current;
}

/** Gives unknown measurements the time of their last good value, read from the previously stored state. */
export function withLastGood(
  slos: SloStatus[],
  previous: EntityMeshState | undefined,
): SloStatus[] {
  if (!previous) return slos;
  return slos.map(slo => {
    const before = previous.slos.find(
      p =>
        p.definition.kind === slo.definition.kind &&
        p.definition.thresholdMs === slo.definition.thresholdMs,
    );
    if (!before) return slo;
    const at = previous.refreshedAt;
    return {
      ...slo,
      sli: carry(slo.sli, before.sli, at),
      errorBudgetRemaining: carry(
        slo.errorBudgetRemaining,
        before.errorBudgetRemaining,
        at,
      ),
      burnRates: Object.fromEntries(
        Object.entries(slo.burnRates).map(([w, m]) => [
          w,
          carry(m, (before.burnRates as any)[w], at),
        ]),
      ) as SloStatus['burnRates'],
    };
  });
}
