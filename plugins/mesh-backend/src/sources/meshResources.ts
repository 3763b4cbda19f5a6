import type { CustomResourceMatcher } from '@backstage/plugin-kubernetes-common';

/** The resource types that decide an entity's place in the mesh. */
export const MESH_RESOURCES: Array<CustomResourceMatcher & { kind: string }> = [
  { kind: 'Service', group: '', apiVersion: 'v1', plural: 'services' },
  { kind: 'Pod', group: '', apiVersion: 'v1', plural: 'pods' },
  {
    kind: 'Deployment',
    group: 'apps',
    apiVersion: 'v1',
    plural: 'deployments',
  },
  {
    kind: 'VirtualService',
    group: 'networking.istio.io',
    apiVersion: 'v1',
    plural: 'virtualservices',
  },
  {
    kind: 'DestinationRule',
    group: 'networking.istio.io',
    apiVersion: 'v1',
    plural: 'destinationrules',
  },
  {
    kind: 'Gateway',
    group: 'networking.istio.io',
    apiVersion: 'v1',
    plural: 'gateways',
  },
  {
    kind: 'Sidecar',
    group: 'networking.istio.io',
    apiVersion: 'v1',
    plural: 'sidecars',
  },
  {
    kind: 'PeerAuthentication',
    group: 'security.istio.io',
    apiVersion: 'v1',
    plural: 'peerauthentications',
  },
  {
    kind: 'AuthorizationPolicy',
    group: 'security.istio.io',
    apiVersion: 'v1',
    plural: 'authorizationpolicies',
  },
  {
    kind: 'RequestAuthentication',
    group: 'security.istio.io',
    apiVersion: 'v1',
    plural: 'requestauthentications',
  },
  {
    kind: 'NetworkPolicy',
    group: 'networking.k8s.io',
    apiVersion: 'v1',
    plural: 'networkpolicies',
  },
  {
    kind: 'Canary',
    group: 'flagger.app',
    apiVersion: 'v1beta1',
    plural: 'canaries',
  },
];

/** Namespaces, cluster-scoped: asked for through an entity without a namespace annotation. */
export const NAMESPACE_RESOURCE: CustomResourceMatcher & { kind: string } = {
  kind: 'Namespace',
  group: '',
  apiVersion: 'v1',
  plural: 'namespaces',
};

/** `apiVersion` of each kind, since list items carry only their kind. */
export const API_VERSION_BY_KIND = new Map(
  MESH_RESOURCES.map(r => [
    r.kind,
    r.group ? `${r.group}/${r.apiVersion}` : r.apiVersion,
  ]),
);
