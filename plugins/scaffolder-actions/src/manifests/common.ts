import {
  MESH_NAMESPACE_LABEL,
  type MeshServiceSpec,
} from '@meshpath/plugin-mesh-common';

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

/** Istio's label that sends a Service's traffic through a waypoint. */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';

/** The namespace's waypoint: a Gateway, and the service account Istio gives its pods. */
export const WAYPOINT_NAME = 'waypoint';

/** Labels of objects that belong to the namespace, not to one service: identical for every service in it. */
export const namespaceLabels = (spec: MeshServiceSpec) => ({
  'app.kubernetes.io/managed-by': 'meshpath',
  [MESH_NAMESPACE_LABEL]: spec.namespace,
});

export const metadata = (
  spec: MeshServiceSpec,
  name: string,
  extraLabels: Record<string, string> = {},
) => ({
  name,
  namespace: spec.namespace,
  labels: { [KUBERNETES_ID_LABEL]: spec.name, ...extraLabels },
});

/** Metadata of a namespace-wide object: named for the namespace, labelled for it. */
export const namespaceMetadata = (spec: MeshServiceSpec, name: string) => ({
  name,
  namespace: spec.namespace,
  labels: namespaceLabels(spec),
});

/**
 * Pod labels the policies select the service's workloads by. Flagger rewrites
 * only its selector label (`app`, `name` or `app.kubernetes.io/name`) to
 * `<name>-primary` on the primary and copies every other pod label, so this
 * one covers the primary and the canary alike.
 */
export const workloadSelector = (spec: MeshServiceSpec) => ({
  [KUBERNETES_ID_LABEL]: spec.name,
});

export const networking = (spec: MeshServiceSpec) =>
  `networking.istio.io/${spec.istioApiVersion}`;
export const security = (spec: MeshServiceSpec) =>
  `security.istio.io/${spec.istioApiVersion}`;

/** Flagger delivers the service; it then owns its Services, VirtualService and DestinationRules. */
export const deliveredByFlagger = (spec: MeshServiceSpec) =>
  spec.delivery.strategy !== 'none';

/** Blue/green and A/B canaries get traffic during analysis only from Flagger's load tester. */
export const usesLoadTester = (spec: MeshServiceSpec) =>
  spec.delivery.strategy === 'blue-green' ||
  spec.delivery.strategy === 'ab-testing';

/** Whether the service speaks HTTP (HTTP/2 and gRPC included) on any port. */
export const speaksHttp = (spec: MeshServiceSpec) =>
  spec.ports.some(port => port.protocol !== 'tcp');

/** Whether `maxConnections` becomes `http2MaxRequests` (concurrent requests) rather than a TCP connection cap. */
export const poolCapsRequests = (spec: MeshServiceSpec) =>
  deliveredByFlagger(spec) || speaksHttp(spec);

/**
 * Ambient workloads get L7 (HTTP routing, retries, JWT) only from a waypoint:
 * ztunnel alone enforces L4.
 */
export const needsWaypoint = (spec: MeshServiceSpec) =>
  spec.dataplane === 'ambient' &&
  (speaksHttp(spec) ||
    (spec.exposure.mode === 'gateway' && !!spec.exposure.jwt));

/** The Services that reach the workloads: Flagger adds `-primary` and `-canary` beside the apex. */
export const serviceNames = (spec: MeshServiceSpec) =>
  deliveredByFlagger(spec)
    ? [spec.name, `${spec.name}-primary`, `${spec.name}-canary`]
    : [spec.name];

/** A workload identity as Istio sees it, in the platform's trust domain. */
export const principal = (spec: MeshServiceSpec, account: string) => {
  const [namespace, name] = account.split('/');
  return `${spec.platform.trustDomain}/ns/${namespace}/sa/${name}`;
};

/**
 * Retried without `5xx`: that also retries resets and per-try timeouts of any
 * method, so a slow POST would be sent again while the first still runs.
 * These retry what never reached the application (connect failures, refused
 * streams, gRPC UNAVAILABLE/CANCELLED) and an explicit 503.
 */
export const retryOn =
  'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes,503';
