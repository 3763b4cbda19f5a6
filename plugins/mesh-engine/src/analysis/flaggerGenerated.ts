import type { KubernetesObject } from '@meshpath/plugin-mesh-common';

/** `Kind.group`, or `Kind` for the core group: how kubectl names a kind. @public */
export function kindKey(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? kind : `${kind}.${apiVersion.slice(0, slash)}`;
}

/** One object's identity across versions: kind and group, namespace, name. @public */
export function objectKey(kind: string, namespace: string, name: string) {
  return `${kind}|${namespace}|${name}`;
}

/** What Flagger generates and manages for the Canaries of one cluster. @public */
export interface FlaggerGenerated {
  /** Keys of the objects Flagger creates and rewrites. */
  generated: Set<string>;
  /** Keys of the canaries' target workloads, whose replicas Flagger scales to zero. */
  targets: Set<string>;
}

const text = (value: unknown) =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/**
 * The objects Flagger generates for each Canary (see Flagger's
 * `GetServiceNames` and its Istio and Gateway API routers): the primary
 * workload `<target>-primary`, the Services `<service>`, `<service>-primary`
 * and `<service>-canary`, the VirtualService and HTTPRoute `<service>`, the
 * DestinationRules `<service>-primary` and `<service>-canary`, and the
 * primary autoscaler `<autoscaler>-primary`. `<service>` is
 * `spec.service.name`, else the target's name.
 * @public
 */
export function flaggerGenerated(
  canaries: Iterable<{ canary: KubernetesObject; namespace: string }>,
): FlaggerGenerated {
  const result: FlaggerGenerated = { generated: new Set(), targets: new Set() };
  for (const { canary, namespace } of canaries) {
    const spec = canary.spec;
    const target = text(spec?.targetRef?.name);
    if (!target) continue;
    const targetKind = kindKey(
      text(spec.targetRef.apiVersion) ?? 'apps/v1',
      text(spec.targetRef.kind) ?? 'Deployment',
    );
    const apex = text(spec.service?.name) ?? target;
    const add = (kind: string, name: string) =>
      result.generated.add(objectKey(kind, namespace, name));
    result.targets.add(objectKey(targetKind, namespace, target));
    add(targetKind, `${target}-primary`);
    for (const name of [apex, `${apex}-primary`, `${apex}-canary`]) {
      add('Service', name);
    }
    add('VirtualService.networking.istio.io', apex);
    add('HTTPRoute.gateway.networking.k8s.io', apex);
    add('DestinationRule.networking.istio.io', `${apex}-primary`);
    add('DestinationRule.networking.istio.io', `${apex}-canary`);
    const autoscaler = text(spec.autoscalerRef?.name);
    if (autoscaler) {
      add(
        kindKey(
          text(spec.autoscalerRef.apiVersion) ?? 'autoscaling/v2',
          text(spec.autoscalerRef.kind) ?? 'HorizontalPodAutoscaler',
        ),
        `${autoscaler}-primary`,
      );
    }
  }
  return result;
}

/** Whether a controller (a Canary, a Deployment, an operator) made the object: then it is not Git's to declare. @public */
export function isControlled(object: KubernetesObject): boolean {
  const owners = object.metadata.ownerReferences;
  return (
    Array.isArray(owners) &&
    owners.some(
      o =>
        typeof o === 'object' &&
        o !== null &&
        (o.controller === true ||
          (o.kind === 'Canary' &&
            typeof o.apiVersion === 'string' &&
            o.apiVersion.startsWith('flagger.app/'))),
    )
  );
}
