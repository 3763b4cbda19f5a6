import type { Collected } from './types';

/** The namespace the entity's Service runs in: its annotation, else where its live Service is. */
export function serviceNamespace(c: Collected): string | undefined {
  return (
    c.entity.metadata.annotations?.['backstage.io/kubernetes-namespace'] ??
    c.live.clusters.flatMap(cl => cl.objects).find(o => o.kind === 'Service')
      ?.metadata.namespace
  );
}

/** Istio's `destination_service` label of the entity, as its telemetry names it. */
export function destinationService(c: Collected): string {
  const service = c.live.clusters
    .flatMap(cl => cl.objects)
    .find(o => o.kind === 'Service');
  const name =
    service?.metadata.name ??
    c.entity.metadata.annotations?.['backstage.io/kubernetes-id'] ??
    c.entity.metadata.name;
  return `${name}.${serviceNamespace(c) ?? 'default'}.svc.cluster.local`;
}
