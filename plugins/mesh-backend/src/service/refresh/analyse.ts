import type { GoldenPath, SourceError } from '@meshpath/plugin-mesh-common';
import type { EngineResult } from '../../evaluation/compliance';
import type { LiveObjects, MeshKubernetesObject } from '../../sources/types';
import { messageOf } from './settle';
import type { Collected } from './types';

/** The analysis engine as this plugin uses it; `createAnalyzer()` of `@meshpath/plugin-mesh-node` fits. */
export interface MeshAnalyzer {
  analyze(
    input: MeshKubernetesObject[],
    options?: {
      rootNamespace?: string;
      rules?: {
        disabled?: string[];
        severities?: GoldenPath['rules']['severities'];
      };
    },
  ): EngineResult;
}

/** What the engine saw of an entity and what it found. */
export interface Analysis {
  /** The entity's live objects with the mesh-wide policy of its clusters. */
  context: MeshKubernetesObject[];
  engineResult: EngineResult;
  errors: SourceError[];
}

/** The entity's objects plus the mesh-wide policy of the clusters it runs in: context for mTLS and the engine. */
function contextOf(
  c: Collected,
  meshWide: LiveObjects,
): MeshKubernetesObject[] {
  const objects = c.live.clusters.flatMap(cl => cl.objects);
  const clustersOfEntity = new Set(c.live.clusters.map(cl => cl.cluster));
  const namespacesOfEntity = new Set(objects.map(o => o.metadata.namespace));
  return [
    ...objects,
    ...meshWide.clusters
      .filter(cl => clustersOfEntity.has(cl.cluster))
      .flatMap(cl => cl.objects)
      // Only the entity's own namespaces: another namespace's enrolment is not its finding.
      .filter(
        o => o.kind !== 'Namespace' || namespacesOfEntity.has(o.metadata.name),
      ),
  ];
}

/** Runs the engine over one entity's context with its golden path's rule policy. */
export function analyseEntity(
  c: Collected,
  meshWide: LiveObjects,
  options: {
    analyzer?: MeshAnalyzer;
    rootNamespace: string;
    goldenPath?: GoldenPath;
  },
): Analysis {
  const context = contextOf(c, meshWide);
  const empty: EngineResult = { findings: [], compliance: [] };
  if (!options.analyzer) {
    const message =
      'The analysis engine is not available; compliance is not evaluated';
    return {
      context,
      engineResult: empty,
      errors: [{ source: 'engine', message }],
    };
  }
  try {
    const rules = options.goldenPath?.rules;
    const engineResult = options.analyzer.analyze(context, {
      rootNamespace: options.rootNamespace,
      ...(rules ? { rules } : {}),
    });
    return { context, engineResult, errors: [] };
  } catch (error) {
    const message = `Analysis failed: ${messageOf(error)}`;
    return {
      context,
      engineResult: empty,
      errors: [{ source: 'engine', message }],
    };
  }
}
