import type { MeshServiceSpec } from '@meshpath/plugin-mesh-common';

/** A Kubernetes object as the generator builds it, before serialisation. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
};

/** Label the Kubernetes plugin finds an entity's objects by (custom resources too). */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

export const metadata = (
  spec: MeshServiceSpec,
  name: string,
  extraLabels: Record<string, string> = {},
) => ({
  name,
  namespace: spec.namespace,
  labels: { [KUBERNETES_ID_LABEL]: spec.name, ...extraLabels },
});

/** Workload labels the policies select the service's pods by. */
export const workloadSelector = (spec: MeshServiceSpec) => ({ app: spec.name });

export const networking = (spec: MeshServiceSpec) =>
  `networking.istio.io/${spec.istioApiVersion}`;
export const security = (spec: MeshServiceSpec) =>
  `security.istio.io/${spec.istioApiVersion}`;

/** Flagger delivers the service; it then owns its VirtualService and DestinationRules. */
export const deliveredByFlagger = (spec: MeshServiceSpec) =>
  spec.delivery.strategy !== 'none';

export const retryOn =
  'connect-failure,refused-stream,unavailable,cancelled,5xx';
