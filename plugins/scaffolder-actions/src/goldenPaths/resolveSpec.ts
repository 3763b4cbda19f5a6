import { InputError } from '@backstage/errors';
import {
  DeepPartial,
  GoldenPath,
  goldenPathLocks,
  MeshServiceSpec,
  PLATFORM_DEFAULTS,
  weakens,
} from '@meshpath/plugin-mesh-common';

const isObject = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Names that reach Object.prototype when used as keys: never a parameter. */
const inheritedNames = new Set(['__proto__', 'constructor', 'prototype']);

/** Deep merge where the request wins; arrays are replaced, not merged. */
function merge(base: any, override: any): any {
  if (!isObject(base) || !isObject(override))
    return override === undefined ? base : override;
  const result: Record<string, any> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // Own keys only: a `__proto__` parameter must not become the result's prototype.
    if (value !== undefined && !inheritedNames.has(key))
      result[key] = merge(
        Object.hasOwn(base, key) ? base[key] : undefined,
        value,
      );
  }
  return result;
}

/** Dotted paths of request keys named like Object.prototype's members. */
function inheritedNamePaths(value: unknown, path = ''): string[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = path ? `${path}.${key}` : key;
    return inheritedNames.has(key) ? [at] : inheritedNamePaths(child, at);
  });
}

/** A requested value in a message: a long one is cut short. */
const shorten = (text: string) =>
  text.length > 120 ? `${text.slice(0, 120)}…` : text;

const get = (object: any, path: string) =>
  path
    .split('.')
    .reduce((value, key) => (isObject(value) ? value[key] : undefined), object);

const builtInDefaults: DeepPartial<MeshServiceSpec> = {
  dataplane: 'sidecar',
  istioApiVersion: 'v1',
  versions: ['v1'],
  callers: { serviceAccounts: [], namespaces: [] },
  exposure: { mode: 'mesh-internal' },
  delivery: { strategy: 'none' },
  // Presets read through readGoldenPaths carry mesh.platform; these are its defaults.
  platform: PLATFORM_DEFAULTS,
};

/**
 * The service description a template asked for, with the golden path's
 * defaults filled in. Refuses a request that weakens a locked field, naming
 * the preset and the field.
 */
export function resolveSpec(
  request: DeepPartial<MeshServiceSpec>,
  goldenPath: GoldenPath,
): MeshServiceSpec {
  const refusals: string[] = inheritedNamePaths(request).map(
    at => `${at} is not a parameter`,
  );
  const base = merge(builtInDefaults, goldenPath.defaults);
  const spec = merge(base, request);
  // Checked on the resolved spec: a request that replaces a locked field's parent must not drop the lock.
  for (const lock of goldenPathLocks({ ...goldenPath, defaults: base })) {
    const resolved = get(spec, lock.field);
    const dropped =
      resolved === undefined && get(base, lock.field) !== undefined;
    if (dropped || weakens(lock.field, lock.value, resolved)) {
      const bound = {
        max: 'at most',
        min: 'at least',
        equal: 'exactly',
        subset: 'only from',
      }[lock.rule];
      refusals.push(
        `golden path ${goldenPath.name} locks ${lock.field}${
          lock.impliedBy ? ` (with ${lock.impliedBy})` : ''
        }: it must be ${bound} ${JSON.stringify(
          lock.value ?? null,
        )}, got ${shorten(JSON.stringify(resolved ?? null))}`,
      );
    }
  }
  if (refusals.length > 0)
    throw new InputError(`Refused: ${refusals.join('; ')}`);
  return spec as MeshServiceSpec;
}
