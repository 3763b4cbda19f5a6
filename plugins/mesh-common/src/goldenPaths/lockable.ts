/**
 * How a locked field's preset value bounds a request: a value above it
 * (`max`), below it (`min`), any other value (`equal`), or a list with an
 * entry the preset's list lacks (`subset`).
 * @public
 */
export type LockRule = 'max' | 'min' | 'equal' | 'subset';

/**
 * Fields a golden path can lock, and what "weaker" means for each.
 * @public
 */
export const LOCKABLE_FIELDS: Record<string, LockRule> = {
  dataplane: 'equal',
  istioApiVersion: 'equal',
  'trafficPolicy.timeout': 'max',
  'trafficPolicy.retries.attempts': 'max',
  'trafficPolicy.retries.perTryTimeout': 'max',
  'trafficPolicy.connectionPool.maxConnections': 'max',
  'trafficPolicy.outlierDetection.consecutive5xxErrors': 'max',
  'delivery.strategy': 'equal',
  'delivery.stepWeight': 'max',
  'delivery.maxWeight': 'max',
  'exposure.mode': 'equal',
  'exposure.gateway': 'equal',
  'exposure.hosts': 'subset',
  'exposure.jwt': 'equal',
  'callers.serviceAccounts': 'subset',
  'callers.namespaces': 'subset',
  'slo.availability': 'min',
  'slo.latencyPercentile': 'min',
  'slo.latencyThresholdMs': 'max',
};

/**
 * The canary weights the generator writes when a preset sets none. Locking the
 * strategy holds the weights to these, so a locked canary cannot step 100 %.
 * @public
 */
export const CANARY_WEIGHT_DEFAULTS = { stepWeight: 10, maxWeight: 50 };

/** Fields a lock on another field holds too, with the bound used when the preset leaves them unset. */
const impliedLocks: Record<string, Record<string, unknown>> = {
  'delivery.strategy': {
    'delivery.stepWeight': CANARY_WEIGHT_DEFAULTS.stepWeight,
    'delivery.maxWeight': CANARY_WEIGHT_DEFAULTS.maxWeight,
  },
};

/**
 * One field a golden path holds, with the value it is held to.
 * @public
 */
export interface GoldenPathLock {
  /** Dotted path of the field, for example `trafficPolicy.timeout`. */
  field: string;
  /** How the value bounds a request. */
  rule: LockRule;
  /** The preset's value (undefined: the field may not be set at all). */
  value?: unknown;
  /** The lock this one follows from, when the preset did not name it. */
  impliedBy?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A dotted path's value, through own keys only. */
function valueAt(object: unknown, path: string): unknown {
  let value = object;
  for (const key of path.split('.')) {
    if (!isRecord(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

/**
 * Every field a golden path holds: the ones it names and the ones they imply.
 * @public
 */
export function goldenPathLocks(preset: {
  locked: string[];
  defaults: unknown;
}): GoldenPathLock[] {
  const locks = new Map<string, GoldenPathLock>();
  for (const field of preset.locked) {
    const rule = Object.hasOwn(LOCKABLE_FIELDS, field)
      ? LOCKABLE_FIELDS[field]
      : 'equal';
    locks.set(field, { field, rule, value: valueAt(preset.defaults, field) });
  }
  for (const field of preset.locked) {
    if (!Object.hasOwn(impliedLocks, field)) continue;
    for (const [implied, fallback] of Object.entries(impliedLocks[field])) {
      if (locks.has(implied)) continue;
      locks.set(implied, {
        field: implied,
        rule: LOCKABLE_FIELDS[implied],
        value: valueAt(preset.defaults, implied) ?? fallback,
        impliedBy: field,
      });
    }
  }
  return [...locks.values()];
}

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
  // Istio reads a zero timeout as none at all: the weakest value, not the strictest.
  if (typeof value === 'string') {
    const ms = durationMs(value);
    return ms === 0 ? Infinity : ms;
  }
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
  if (rule === 'subset') {
    const allowed = new Set((Array.isArray(preset) ? preset : []).map(String));
    return (
      !Array.isArray(requested) ||
      requested.some(entry => typeof entry !== 'string' || !allowed.has(entry))
    );
  }
  const [a, b] = [comparable(requested), comparable(preset)];
  if (Number.isNaN(a) || Number.isNaN(b)) return true;
  return rule === 'max' ? a > b : a < b;
}
