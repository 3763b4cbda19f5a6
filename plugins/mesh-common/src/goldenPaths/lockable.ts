/**
 * Fields a golden path can lock, and what "weaker" means for each: a value
 * above the preset's (`max`), below it (`min`), or any other value (`equal`).
 * @public
 */
export const LOCKABLE_FIELDS: Record<string, 'max' | 'min' | 'equal'> = {
  dataplane: 'equal',
  istioApiVersion: 'equal',
  'trafficPolicy.timeout': 'max',
  'trafficPolicy.retries.attempts': 'max',
  'trafficPolicy.retries.perTryTimeout': 'max',
  'trafficPolicy.connectionPool.maxConnections': 'max',
  'trafficPolicy.outlierDetection.consecutive5xxErrors': 'max',
  'delivery.strategy': 'equal',
  'exposure.jwt': 'equal',
  'slo.availability': 'min',
  'slo.latencyPercentile': 'min',
  'slo.latencyThresholdMs': 'max',
};

const durationMs = (value: string): number => {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
  if (!match) return NaN;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[
    match[2] as 'ms' | 's' | 'm' | 'h'
  ];
  return Number(match[1]) * unit;
};

function comparable(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return durationMs(value);
  return NaN;
}

/**
 * Whether `requested` weakens the preset's `locked` value of a field.
 * @public
 */
export function weakens(
  field: string,
  preset: unknown,
  requested: unknown,
): boolean {
  // A field that is not lockable (readGoldenPaths refuses those) compares by equality.
  const rule = Object.hasOwn(LOCKABLE_FIELDS, field)
    ? LOCKABLE_FIELDS[field]
    : 'equal';
  if (requested === undefined) return false;
  if (rule === 'equal')
    return JSON.stringify(requested) !== JSON.stringify(preset);
  const [a, b] = [comparable(requested), comparable(preset)];
  if (Number.isNaN(a) || Number.isNaN(b)) return true;
  return rule === 'max' ? a > b : a < b;
}
