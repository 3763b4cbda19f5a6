import type { MeshServiceSpec } from '@meshpath/plugin-mesh-common';
import {
  deliveredByFlagger,
  KUBERNETES_ID_LABEL,
  needsWaypoint,
  USE_WAYPOINT_LABEL,
  WAYPOINT_NAME,
} from './common';
import { toYaml } from './yamlText';

/** Labels the service's own Service carries when Git declares it (Flagger labels its Services through the Canary). */
export function serviceLabels(spec: MeshServiceSpec): Record<string, string> {
  return {
    [KUBERNETES_ID_LABEL]: spec.name,
    ...(needsWaypoint(spec) ? { [USE_WAYPOINT_LABEL]: WAYPOINT_NAME } : {}),
  };
}

/**
 * A kustomize Component for an existing service's own kustomization: it puts
 * `backstage.io/kubernetes-id` on the Deployment and its pods (what the
 * portal finds them by, and what the policies select) and, when Git declares
 * the Service, labels it too. Patches by target match nothing rather than fail
 * when a kind is absent. Never the selector: it is immutable, and Flagger's.
 */
export function workloadLabelsComponent(spec: MeshServiceSpec): string {
  const id = { [KUBERNETES_ID_LABEL]: spec.name };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: spec.name, labels: id },
    spec: { template: { metadata: { labels: id } } },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: spec.name, labels: serviceLabels(spec) },
  };
  return toYaml({
    apiVersion: 'kustomize.config.k8s.io/v1alpha1',
    kind: 'Component',
    patches: [
      {
        target: { kind: 'Deployment', name: spec.name },
        patch: toYaml(deployment),
      },
      // Flagger owns the Services of a service it delivers; Git must not declare them.
      ...(deliveredByFlagger(spec)
        ? []
        : [
            {
              target: { kind: 'Service', name: spec.name },
              patch: toYaml(service),
            },
          ]),
    ],
  });
}
