import type { KubernetesObject } from '@meshpath/plugin-mesh-common';

/** A kind listed cluster-wide, with the API versions tried in order. */
export interface ClusterKind {
  kind: string;
  /** API group; empty for the core group. */
  group: string;
  /** Versions tried in order: the first one the cluster serves is listed. */
  versions: string[];
  plural: string;
  /** Whether to keep a listed object; all are kept when absent. */
  keep?: (object: KubernetesObject) => boolean;
}

/** Istio networking kinds: v1 since Istio 1.22, v1beta1 before. */
const istio = (group: string, kind: string, plural: string): ClusterKind => ({
  kind,
  group,
  versions: ['v1', 'v1beta1'],
  plural,
});

/**
 * Every kind the engine reads (see mesh-engine's MeshIndex and checks), each
 * listed in one paginated request sequence per cluster.
 */
export const CLUSTER_KINDS: ClusterKind[] = [
  { kind: 'Namespace', group: '', versions: ['v1'], plural: 'namespaces' },
  { kind: 'Service', group: '', versions: ['v1'], plural: 'services' },
  {
    kind: 'ServiceAccount',
    group: '',
    versions: ['v1'],
    plural: 'serviceaccounts',
  },
  {
    kind: 'Pod',
    group: '',
    versions: ['v1'],
    plural: 'pods',
    // Pods a controller owns are read through its template; only bare Pods are workloads.
    keep: object => !(object.metadata.ownerReferences as unknown[])?.length,
  },
  {
    kind: 'Deployment',
    group: 'apps',
    versions: ['v1'],
    plural: 'deployments',
  },
  {
    kind: 'StatefulSet',
    group: 'apps',
    versions: ['v1'],
    plural: 'statefulsets',
  },
  { kind: 'DaemonSet', group: 'apps', versions: ['v1'], plural: 'daemonsets' },
  {
    kind: 'NetworkPolicy',
    group: 'networking.k8s.io',
    versions: ['v1'],
    plural: 'networkpolicies',
  },
  istio('networking.istio.io', 'VirtualService', 'virtualservices'),
  istio('networking.istio.io', 'DestinationRule', 'destinationrules'),
  istio('networking.istio.io', 'Gateway', 'gateways'),
  istio('networking.istio.io', 'ServiceEntry', 'serviceentries'),
  istio('networking.istio.io', 'Sidecar', 'sidecars'),
  istio('security.istio.io', 'PeerAuthentication', 'peerauthentications'),
  istio('security.istio.io', 'AuthorizationPolicy', 'authorizationpolicies'),
  istio('security.istio.io', 'RequestAuthentication', 'requestauthentications'),
  {
    kind: 'Gateway',
    group: 'gateway.networking.k8s.io',
    versions: ['v1', 'v1beta1'],
    plural: 'gateways',
  },
  {
    kind: 'HTTPRoute',
    group: 'gateway.networking.k8s.io',
    versions: ['v1', 'v1beta1'],
    plural: 'httproutes',
  },
  {
    kind: 'GRPCRoute',
    group: 'gateway.networking.k8s.io',
    versions: ['v1', 'v1alpha2'],
    plural: 'grpcroutes',
  },
  {
    kind: 'ReferenceGrant',
    group: 'gateway.networking.k8s.io',
    versions: ['v1beta1', 'v1alpha2'],
    plural: 'referencegrants',
  },
  {
    kind: 'Canary',
    group: 'flagger.app',
    versions: ['v1beta1'],
    plural: 'canaries',
  },
  {
    kind: 'MetricTemplate',
    group: 'flagger.app',
    versions: ['v1beta1'],
    plural: 'metrictemplates',
  },
  {
    kind: 'PrometheusRule',
    group: 'monitoring.coreos.com',
    versions: ['v1'],
    plural: 'prometheusrules',
  },
];

/** The cluster-wide list path of a kind at one version. */
export function listPath(kind: ClusterKind, version: string): string {
  return kind.group
    ? `/apis/${kind.group}/${version}/${kind.plural}`
    : `/api/${version}/${kind.plural}`;
}

/** `group/Kind` as messages name it (`networking.istio.io/Gateway`, `Service`). */
export const kindName = (kind: ClusterKind) =>
  kind.group ? `${kind.group}/${kind.kind}` : kind.kind;

const KINDS_BY_KEY = new Map(
  CLUSTER_KINDS.map(k => [`${k.group}/${k.kind}`, k]),
);

/**
 * Whether an object belongs in a cluster's world: of a kind the engine
 * reads (as listed live), so a snapshot of `kubectl get all,…` keeps
 * neither Secrets nor ReplicaSets.
 */
export function isClusterWorldObject(object: KubernetesObject): boolean {
  const slash = object.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : object.apiVersion.slice(0, slash);
  const kind = KINDS_BY_KEY.get(`${group}/${object.kind}`);
  return kind !== undefined && (!kind.keep || kind.keep(object));
}

/** The object without `metadata.managedFields`, which the engine never reads and which make up much of a listed object. */
export function withoutManagedFields(
  object: KubernetesObject,
): KubernetesObject {
  if (!('managedFields' in object.metadata)) return object;
  const metadata = { ...object.metadata };
  delete metadata.managedFields;
  return { ...object, metadata };
}
