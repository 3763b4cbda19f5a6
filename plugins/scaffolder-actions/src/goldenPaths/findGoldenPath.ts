import { InputError } from '@backstage/errors';
import { GoldenPath, goldenPathNamed } from '@meshpath/plugin-mesh-common';

/** The named golden path, or an error listing the ones that exist. */
export function findGoldenPath(
  goldenPaths: Record<string, GoldenPath>,
  name: string,
): GoldenPath {
  const goldenPath = goldenPathNamed(goldenPaths, name);
  if (!goldenPath) {
    const known = Object.keys(goldenPaths);
    throw new InputError(
      `goldenPath: "${name}" is not a golden path; ${
        known.length
          ? `choose one of ${known.join(', ')}`
          : 'none is configured under mesh.goldenPaths'
      }`,
    );
  }
  return goldenPath;
}
