import { dirname, join } from 'node:path';
import { parse } from 'yaml';

export const kustomizationNames = new Set([
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
]);

/** What Meshpath reads from one kustomization: the patches it applies and the namespace it sets. */
export interface Kustomization {
  file: string;
  /** Files the kustomization patches with: partial objects, not analysed on their own. */
  patches: string[];
  /** `namespace:` of the kustomization, with the files and folders it applies to. */
  namespace?: { name: string; resources: string[] };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];

/** Local paths only: a remote base (`github.com/…?ref=`) is not in the repository. */
const isLocal = (path: string) =>
  !/^[a-z][a-z0-9+.-]*:\/\//i.test(path) && !path.includes('?');

/** Reads a kustomization; undefined when it is not one Meshpath can read. */
export function readKustomization(
  text: string,
  file: string,
): Kustomization | undefined {
  let value: unknown;
  try {
    value = parse(text, { uniqueKeys: false });
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const folder = dirname(file);
  const local = (paths: string[]) =>
    paths.filter(isLocal).map(path => join(folder, path));
  const patchFiles = [
    ...strings(value.patchesStrategicMerge),
    ...[value.patches, value.patchesJson6902]
      .flatMap(list => (Array.isArray(list) ? list : []))
      .flatMap(patch =>
        isRecord(patch) && typeof patch.path === 'string' ? [patch.path] : [],
      ),
  ];
  const namespace =
    typeof value.namespace === 'string' && value.namespace
      ? {
          name: value.namespace,
          resources: local([
            ...strings(value.resources),
            ...strings(value.bases),
          ]),
        }
      : undefined;
  return { file, patches: local(patchFiles), namespace };
}
