import {
  SloDefinition,
  isIstioDurationBucket,
} from '@meshpath/plugin-mesh-common';
import type { MeshKubernetesObject } from '../sources/types';
import { notABucketEdge } from './definitions';

/** OpenSLO's SLO documents among an entity's declared manifests. */
function isOpenSloDocument(object: MeshKubernetesObject): boolean {
  return object.apiVersion === 'openslo/v1' && object.kind === 'SLO';
}

const LATENCY_OPS = new Set(['lt', 'lte']);

/** A ratio (0..1) from `target`, or from `targetPercent` (0..100), or undefined. */
function targetPercentOf(objective: any): number | undefined {
  let percent: number | undefined;
  if (typeof objective?.targetPercent === 'number') {
    percent = objective.targetPercent;
  } else if (typeof objective?.target === 'number') {
    percent = objective.target * 100;
  }
  return percent !== undefined && percent > 0 && percent < 100
    ? Number(percent.toPrecision(12))
    : undefined;
}

/**
 * SLO definitions from OpenSLO v1 `SLO` documents. Meshpath measures them on
 * Istio telemetry, not with the document's own metric queries: an objective
 * with `op: lt|lte` and a `value` is a latency SLO with that threshold in
 * milliseconds (a bucket edge of Istio's histogram), any other objective an
 * availability SLO. The window is the
 * first `timeWindow` duration, which must be 28d or 30d.
 */
export function sloDefinitionsFromOpenSlo(objects: MeshKubernetesObject[]): {
  slos: SloDefinition[];
  errors: string[];
} {
  const slos: SloDefinition[] = [];
  const errors: string[] = [];
  for (const document of objects.filter(isOpenSloDocument)) {
    const name = `OpenSLO SLO ${document.metadata.name}`;
    const duration = document.spec?.timeWindow?.[0]?.duration;
    const window = /^(28|30)d$/.exec(String(duration ?? '').trim());
    if (!window) {
      errors.push(
        `${name}: timeWindow[0].duration must be 28d or 30d, got "${
          duration ?? ''
        }"`,
      );
      continue;
    }
    const objectives: unknown[] = Array.isArray(document.spec?.objectives)
      ? document.spec.objectives
      : [];
    if (objectives.length === 0) {
      errors.push(`${name}: no objectives`);
    }
    objectives.forEach((objective: any, index) => {
      const target = targetPercentOf(objective);
      if (target === undefined) {
        errors.push(
          `${name}: objectives[${index}] needs target (0..1) or targetPercent (0..100)`,
        );
        return;
      }
      const windowDays = Number(window[1]);
      if (LATENCY_OPS.has(objective.op)) {
        if (typeof objective.value !== 'number' || objective.value <= 0) {
          errors.push(
            `${name}: objectives[${index}] compares with ${objective.op} but has no positive value (milliseconds)`,
          );
          return;
        }
        if (!isIstioDurationBucket(objective.value)) {
          errors.push(
            notABucketEdge(`${name}: objectives[${index}]`, objective.value),
          );
          return;
        }
        slos.push({
          kind: 'latency',
          target,
          windowDays,
          thresholdMs: objective.value,
        });
      } else {
        slos.push({ kind: 'availability', target, windowDays });
      }
    });
  }
  return { slos, errors };
}
