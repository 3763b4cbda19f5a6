import type { FieldDrift } from '@meshpath/plugin-mesh-common';

/** How a declared body is held against its live copy. */
export interface FieldComparison {
  /**
   * `subset`: a field only the live copy has is a default the API server
   * filled in, not drift. `exact`: the kind has no server-side defaults
   * (Istio's CRDs carry none), so a field only the live copy has was added
   * by hand.
   */
  mode: 'subset' | 'exact';
  /** Show neither value (Secrets). */
  hideValues?: boolean;
  /** Paths not compared (for example the replicas Flagger scales). */
  ignoredPaths?: ReadonlySet<string>;
}

/** Longest value text in a report. */
const MAX_VALUE_CHARS = 200;
/** Longest key text in a path. */
const MAX_KEY_CHARS = 100;
/** Nesting past which a subtree is compared as a whole. */
const MAX_DEPTH = 48;

type Json = unknown;

const has = (record: Record<string, Json>, key: string) =>
  Object.prototype.hasOwnProperty.call(record, key);

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Kubernetes drops nulls and empty values on write, so they equal an absent field. */
function isAbsent(value: Json): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

const QUANTITY =
  /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const SUFFIX: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** A resource quantity's value (`500m` → 0.5, `1Gi` → 1073741824), as the API server canonicalises it. */
export function quantityValue(text: string): number | undefined {
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, number, suffix] = match;
  const scale = !suffix ? 1 : SUFFIX[suffix] ?? 10 ** Number(suffix.slice(1));
  const value = Number(number) * scale;
  return Number.isFinite(value) ? value : undefined;
}

/** Equal scalars, as Kubernetes normalises them: `"80"` is 80, `0.5` is `500m`, `1024Mi` is `1Gi`. */
export function sameScalar(declared: Json, live: Json): boolean {
  if (declared === live) return true;
  const kinds = new Set([typeof declared, typeof live]);
  if ([...kinds].some(t => !['string', 'number', 'boolean'].includes(t))) {
    return false;
  }
  // Only a unit or a number marks a quantity: version-like text such as "1.10" stays text.
  const marked = [declared, live].some(
    v =>
      typeof v === 'number' ||
      (typeof v === 'string' && /[a-zA-Z]$/.test(v.trim())),
  );
  const a = marked ? quantityValue(String(declared)) : undefined;
  const b = marked ? quantityValue(String(live)) : undefined;
  if (a !== undefined && b !== undefined) {
    return Math.abs(a - b) <= Math.abs(a) * 1e-12;
  }
  return String(declared) === String(live);
}

/** A path step: `.name` for plain keys, `["app.kubernetes.io/name"]` for the rest. */
export function pathStep(key: string): string {
  const cut =
    key.length > MAX_KEY_CHARS ? `${key.slice(0, MAX_KEY_CHARS)}…` : key;
  return /^[A-Za-z_$][\w$-]*$/.test(cut)
    ? `.${cut}`
    : `[${JSON.stringify(cut)}]`;
}

/** JSON text of a value, cut short; never a whole large object. */
export function valueText(value: Json): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Circular values cannot come from YAML or JSON; say so rather than throw.
    text = '(unprintable)';
  }
  return text.length > MAX_VALUE_CHARS
    ? `${text.slice(0, MAX_VALUE_CHARS)}…`
    : text;
}

/** Whole-subtree equality past the nesting limit; too deep even to print is taken as different. */
function sameText(declared: Json, live: Json): boolean {
  try {
    return JSON.stringify(declared) === JSON.stringify(live);
  } catch {
    return false;
  }
}

/** Label maps whose every key selects: a key added live changes what is selected. */
function isSelectorMap(path: string): boolean {
  return path.endsWith('.matchLabels') || path === 'spec.selector';
}

/**
 * Items of a list matched by `name` when every item has a distinct one (the
 * merge key of Kubernetes' containers, ports and env), else by position. Istio
 * evaluates routes and rules in order, so `byName` is off for its kinds.
 */
function pairItems(
  declared: Json[],
  live: Json[],
  byName: boolean,
): Array<[number | undefined, number | undefined]> {
  const names = (items: Json[]) => {
    const result = items.map(i =>
      isRecord(i) && typeof i.name === 'string' ? i.name : undefined,
    );
    return result.every(n => n !== undefined) &&
      new Set(result).size === result.length
      ? (result as string[])
      : undefined;
  };
  const declaredNames = byName ? names(declared) : undefined;
  const liveNames = byName ? names(live) : undefined;
  if (declaredNames && liveNames) {
    const liveIndex = new Map(liveNames.map((n, i) => [n, i]));
    const pairs: Array<[number | undefined, number | undefined]> =
      declaredNames.map((n, i) => [i, liveIndex.get(n)]);
    const matched = new Set(declaredNames);
    liveNames.forEach((n, i) => {
      if (!matched.has(n)) pairs.push([undefined, i]);
    });
    return pairs;
  }
  const length = Math.max(declared.length, live.length);
  return Array.from({ length }, (_, i) => [
    i < declared.length ? i : undefined,
    i < live.length ? i : undefined,
  ]);
}

/**
 * The fields where a declared body differs from the live one. Lists are
 * declared completely (an item added or removed live is drift); within an
 * item, the comparison mode decides whether live-only fields count.
 */
export function differingFields(
  declared: Json,
  live: Json,
  path: string,
  comparison: FieldComparison,
): FieldDrift[] {
  const result: FieldDrift[] = [];
  const report = (at: string, d: Json, l: Json) => {
    const hidden = comparison.hideValues;
    result.push({
      path: at,
      ...(isAbsent(d) ? {} : { declared: hidden ? '(hidden)' : valueText(d) }),
      ...(isAbsent(l) ? {} : { live: hidden ? '(hidden)' : valueText(l) }),
    });
  };

  const walk = (d: Json, l: Json, at: string, depth: number): void => {
    if (comparison.ignoredPaths?.has(at)) return;
    if (isAbsent(d)) {
      if (comparison.mode === 'exact' && !isAbsent(l)) report(at, d, l);
      return;
    }
    if (depth > MAX_DEPTH) {
      if (!sameText(d, l)) report(at, d, l);
      return;
    }
    if (Array.isArray(d)) {
      if (!Array.isArray(l)) {
        report(at, d, l);
        return;
      }
      for (const [di, li] of pairItems(d, l, comparison.mode === 'subset')) {
        const step = `${at}[${li === undefined ? di : di ?? li}]`;
        if (di === undefined || li === undefined) {
          report(
            step,
            di === undefined ? undefined : d[di],
            li === undefined ? undefined : l[li],
          );
        } else {
          walk(d[di], l[li], step, depth + 1);
        }
      }
      return;
    }
    if (isRecord(d)) {
      if (!isRecord(l)) {
        report(at, d, l);
        return;
      }
      for (const key of Object.keys(d)) {
        walk(
          d[key],
          has(l, key) ? l[key] : undefined,
          `${at}${pathStep(key)}`,
          depth + 1,
        );
      }
      if (comparison.mode === 'exact' || isSelectorMap(at)) {
        for (const key of Object.keys(l)) {
          if (!has(d, key) && !isAbsent(l[key])) {
            const step = `${at}${pathStep(key)}`;
            if (!comparison.ignoredPaths?.has(step))
              report(step, undefined, l[key]);
          }
        }
      }
      return;
    }
    if (!sameScalar(d, l)) report(at, d, l);
  };

  walk(declared, live, path, 0);
  return result;
}
