import type {
  Finding,
  KubernetesObject,
  MeshPlatform,
  PolicyModel,
  SourceError,
  WorkloadReachability,
} from '@meshpath/plugin-mesh-common';
import {
  type AnalysisResult,
  type Analyzer,
  platformAnalyzeOptions,
  type TelemetryOptions,
} from '@meshpath/mesh-engine';
import { messageOf } from './settle';

/** The analysis engine as the refresh uses it; `createAnalyzer()` of `@meshpath/mesh-engine` fits. */
export type ClusterAnalyzer = Pick<Analyzer, 'analyze'>;

/** What the engine found in one cluster's world, with no rule policy applied. */
export interface ClusterAnalysis {
  findings: Finding[];
  checks: AnalysisResult['compliance'];
  /** The effective policy of every workload and Service of the cluster. */
  policy?: PolicyModel;
  /** Who can reach every workload of the cluster, at L4 and L7, after Flagger. */
  reachability?: WorkloadReachability[];
  errors: SourceError[];
}

/**
 * Runs the engine once over a whole cluster, as `meshpath analyze` does over
 * a folder. Findings come without any rule policy: each entity's golden path
 * is applied when they are attributed.
 */
export function analyseCluster(
  objects: KubernetesObject[],
  options: {
    analyzer?: ClusterAnalyzer;
    rootNamespace: string;
    platform?: MeshPlatform;
    /** `mesh.slo`: severities and gRPC failure codes, so hand-written rules are judged by the platform's own. */
    slo?: TelemetryOptions;
  },
): ClusterAnalysis {
  if (!options.analyzer)
    return {
      findings: [],
      checks: [],
      errors: [
        {
          source: 'engine',
          message:
            'The analysis engine is not available; compliance is not evaluated',
        },
      ],
    };
  try {
    const result = options.analyzer.analyze(objects, {
      rootNamespace: options.rootNamespace,
      ...platformAnalyzeOptions(options.platform, options.slo),
    });
    return {
      findings: result.findings,
      checks: result.compliance,
      policy: result.policy,
      reachability: result.reachability,
      errors: [],
    };
  } catch (error) {
    return {
      findings: [],
      checks: [],
      errors: [
        { source: 'engine', message: `Analysis failed: ${messageOf(error)}` },
      ],
    };
  }
}
