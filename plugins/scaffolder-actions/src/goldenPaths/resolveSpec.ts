import { InputError } from '@backstage/errors';
import {
  DeepPartial,
  GoldenPath,
  LOCKABLE_FIELDS,
  MeshServiceSpec,
  weakens,
} from '@meshpath/plugin-mesh-common';

const isObject = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deep merge where the request wins; arrays are replaced, not merged. */
function merge(base: any, override: any): any {
  if (!isObject(base) || !isObject(override))
    return override === undefined ? base : override;
  const result: Record<string, any> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value !== undefined) result[key] = merge(base[key], value);
  }
  return result;
}

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
  const refusals: string[] = [];
  for (const field of goldenPath.locked) {
    const preset = get(goldenPath.defaults, field);
    const requested = get(request, field);
    if (requested !== undefined && weakens(field, preset, requested)) {
      const rule = LOCKABLE_FIELDS[field];
      const bound = { max: 'at most', min: 'at least', equal: 'exactly' }[rule];
      refusals.push(
        `golden path ${
          goldenPath.name
        } locks ${field}: it must be ${bound} ${JSON.stringify(
          preset,
        )}, got ${JSON.stringify(requested)}`,
      );
    }
  }
  if (refusals.length > 0)
    throw new InputError(`Refused: ${refusals.join('; ')}`);
  return merge(
    merge(builtInDefaults, goldenPath.defaults),
    request,
  ) as MeshServiceSpec;
}
