import {
  SLO_RECORDING_LABEL,
  SloDefinition,
  isIstioDurationBucket,
} from '@meshpath/plugin-mesh-common';
import type { MeshKubernetesObject } from '../sources/types';
import { notABucketEdge } from './definitions';

/** The objective series Meshpath's generated PrometheusRule records (scaffolder-actions `manifests/slo.ts`). */
const OBJECTIVE_SERIES = {
  availability: 'meshpath:slo_availability_objective:ratio',
  latency: 'meshpath:slo_latency_objective:ratio',
} as const;

const KIND_OF_SERIES = new Map<unknown, 'availability' | 'latency'>([
  [OBJECTIVE_SERIES.availability, 'availability'],
  [OBJECTIVE_SERIES.latency, 'latency'],
]);

/** `vector(0.999)`, the objective as the generator writes it. */
const VECTOR_OF_NUMBER =
  /^\s*vector\(\s*([0-9]*\.?[0-9]+(?:e-?\d+)?)\s*\)\s*$/i;

function isPrometheusRule(object: MeshKubernetesObject): boolean {
  return (
    object.kind === 'PrometheusRule' &&
    typeof object.apiVersion === 'string' &&
    object.apiVersion.startsWith('monitoring.coreos.com/')
  );
}

/**
 * SLO definitions declared by live PrometheusRules for the Service `name` in
 * `namespace`: the objective series Meshpath's generated rules record,
 * trusted only with Meshpath's rule label, the service's own `service` and
 * `namespace` labels, and from a PrometheusRule in that namespace (under the
 * operator's `enforcedNamespaceLabel`, no other namespace can write it).
 * Identical definitions from several rules (one per cluster) count once.
 */
export function sloDefinitionsFromPrometheusRules(
  objects: MeshKubernetesObject[],
  service: { name: string; namespace: string },
): { slos: SloDefinition[]; errors: string[] } {
  const slos: SloDefinition[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const object of objects.filter(isPrometheusRule)) {
    if (object.metadata?.namespace !== service.namespace) continue;
    const where = `PrometheusRule ${service.namespace}/${object.metadata.name}`;
    const groups: unknown[] = Array.isArray(object.spec?.groups)
      ? object.spec.groups
      : [];
    for (const group of groups as any[]) {
      const rules: unknown[] = Array.isArray(group?.rules) ? group.rules : [];
      for (const rule of rules as any[]) {
        const kind = KIND_OF_SERIES.get(rule?.record);
        const labels = rule?.labels ?? {};
        if (
          !kind ||
          labels[SLO_RECORDING_LABEL.name] !== SLO_RECORDING_LABEL.value ||
          labels.service !== service.name ||
          labels.namespace !== service.namespace
        ) {
          continue;
        }
        const definition = readObjective(
          kind,
          rule,
          `${where}: ${rule.record}`,
        );
        if (typeof definition === 'string') {
          errors.push(definition);
          continue;
        }
        const key = JSON.stringify(definition);
        if (seen.has(key)) continue;
        seen.add(key);
        slos.push(definition);
      }
    }
  }
  return { slos, errors };
}

/** The definition one objective rule records, or why it cannot be read. */
function readObjective(
  kind: 'availability' | 'latency',
  rule: any,
  where: string,
): SloDefinition | string {
  const match = VECTOR_OF_NUMBER.exec(String(rule.expr ?? ''));
  const ratio = match ? Number(match[1]) : Number.NaN;
  if (!(ratio > 0 && ratio < 1)) {
    return `${where}: expr must be vector(<ratio between 0 and 1>), got "${String(
      rule.expr ?? '',
    ).slice(0, 100)}"`;
  }
  const windowDays = Number(rule.labels.window_days);
  if (windowDays !== 28 && windowDays !== 30) {
    return `${where}: label window_days must be 28 or 30, got "${String(
      rule.labels.window_days ?? '',
    ).slice(0, 20)}"`;
  }
  const target = Number((ratio * 100).toPrecision(12));
  if (kind === 'availability') return { kind, target, windowDays };
  const thresholdMs = Number(rule.labels.threshold_ms);
  if (!isIstioDurationBucket(thresholdMs)) {
    return notABucketEdge(where, thresholdMs);
  }
  return { kind, target, windowDays, thresholdMs };
}
