import type { MeshServiceSpec } from '@meshpath/plugin-mesh-common';
import {
  Manifest,
  namespaceLabels,
  namespaceMetadata,
  needsWaypoint,
  security,
  WAYPOINT_NAME,
} from './common';

// Where istio-cni sends kubelet probes from for ambient pods (Istio's ambient NetworkPolicy guide).
const AMBIENT_PROBE_SOURCE = '169.254.7.127/32';

/**
 * The namespace's own objects: its enrolment, deny-all AuthorizationPolicy,
 * default-deny NetworkPolicy and, for ambient L7, its waypoint. Named and
 * labelled for the namespace, so every service onboarded into it writes the
 * same objects and none conflicts with another.
 */
export function namespaceBaseline(spec: MeshServiceSpec): Manifest[] {
  const ambient = spec.dataplane === 'ambient';
  const enrolment: Record<string, string> = ambient
    ? { 'istio.io/dataplane-mode': 'ambient' }
    : { 'istio-injection': 'enabled' };
  const manifests: Manifest[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: spec.namespace,
        labels: { ...namespaceLabels(spec), ...enrolment },
      },
    },
    // An empty spec denies every request to the namespace's workloads.
    {
      apiVersion: security(spec),
      kind: 'AuthorizationPolicy',
      metadata: namespaceMetadata(spec, `${spec.namespace}-deny-all`),
      spec: {},
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: namespaceMetadata(spec, `${spec.namespace}-default-deny`),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
  ];
  if (ambient) {
    // Kubelet probes of ambient pods arrive from this link-local address, which the default deny would drop.
    manifests.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: namespaceMetadata(spec, `${spec.namespace}-ambient-probes`),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ ipBlock: { cidr: AMBIENT_PROBE_SOURCE } }] }],
      },
    });
  }
  if (needsWaypoint(spec)) manifests.push(waypoint(spec));
  return manifests;
}

/** The namespace's waypoint, which enforces L7 policy and routing for the Services enrolled in it. */
function waypoint(spec: MeshServiceSpec): Manifest {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: {
      ...namespaceMetadata(spec, WAYPOINT_NAME),
      labels: {
        ...namespaceLabels(spec),
        'istio.io/waypoint-for': 'service',
      },
    },
    spec: {
      gatewayClassName: 'istio-waypoint',
      listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
    },
  };
}
