import type { Entity } from '@backstage/catalog-model';
import {
  GoldenPath,
  goldenPathNamed,
  MESH_ANNOTATIONS,
  SourceError,
} from '@meshpath/plugin-mesh-common';

/** The preset an entity's `meshpath.io/golden-path` names, or the error of naming one that is not configured. */
export function goldenPathOf(
  entity: Entity,
  goldenPaths: Record<string, GoldenPath>,
): { goldenPath?: GoldenPath; errors: SourceError[] } {
  const name = entity.metadata.annotations?.[MESH_ANNOTATIONS.goldenPath];
  if (name === undefined) return { errors: [] };
  const goldenPath = goldenPathNamed(goldenPaths, name);
  if (goldenPath) return { goldenPath, errors: [] };
  return {
    errors: [
      {
        source: 'golden-path',
        message: `${MESH_ANNOTATIONS.goldenPath}: "${name}" is not a golden path under mesh.goldenPaths; built-in defaults and rules apply`,
      },
    ],
  };
}
