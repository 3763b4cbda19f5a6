import type { DataplaneMode } from '@meshpath/plugin-mesh-common';
import type { Collected } from './types';

/** The namespace the entity's Service runs in: its annotation, else where its live Service is. */
function serviceNamespace(c: Collected): string | undefined {
  return (
    c.entity.metadata.annotations?.['backstage.io/kubernetes-namespace'] ??
    c.live.clusters.flatMap(cl => cl.objects).find(o => o.kind === 'Service')
      ?.metadata.namespace
  );
}

/** Kinds whose name Istio reports as `destination_workload`. */
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * The entity's workload as Istio's telemetry names it (`destination_workload`
 * and its namespace): its live Deployment, Flagger's `-primary` copy folded
 * into it, else its kubernetes-id, else its name.
 */
export function sloWorkload(c: Collected): { name: string; namespace: string } {
  const live = c.live.clusters
    .flatMap(cl => cl.objects)
    .find(o => WORKLOAD_KINDS.has(o.kind));
  const name =
    live?.metadata.name.replace(/-primary$/, '') ??
    c.entity.metadata.annotations?.['backstage.io/kubernetes-id'] ??
    c.entity.metadata.name;
  return { name, namespace: serviceNamespace(c) ?? 'default' };
}

/** Ambient when its live Namespace is enrolled (`istio.io/dataplane-mode: ambient`) or its preset says so. */
export function sloDataplane(
  c: Collected,
  presetDataplane: DataplaneMode | undefined,
): DataplaneMode | undefined {
  const enrolled = c.live.clusters
    .flatMap(cl => cl.objects)
    .some(
      o =>
        o.kind === 'Namespace' &&
        o.metadata.labels?.['istio.io/dataplane-mode'] === 'ambient',
    );
  return enrolled ? 'ambient' : presetDataplane;
}
