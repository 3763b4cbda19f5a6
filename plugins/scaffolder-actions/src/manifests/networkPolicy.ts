import type { MeshServiceSpec } from '@meshpath/plugin-mesh-common';
import {
  Manifest,
  metadata,
  needsWaypoint,
  usesLoadTester,
  WAYPOINT_NAME,
  workloadSelector,
} from './common';

/** HBONE: ambient traffic arrives on it, and ambient callers reach sidecars through it. */
const HBONE_PORT = 15008;
/** Prometheus scrapes Istio's merged metrics (15020) and Envoy's own (15090). */
const SCRAPE_PORTS = [15020, 15090];

/** Label Istio puts on a waypoint's pods, naming its Gateway. */
const WAYPOINT_POD_LABEL = 'gateway.networking.k8s.io/gateway-name';

const fromNamespace = (name: string) => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
});
const tcp = (port: number) => ({ protocol: 'TCP', port });

/** Namespaces whose pods reach the service at L4: callers, the ingress gateway's pods, the load tester. */
function callerNamespaces(spec: MeshServiceSpec): string[] {
  const namespaces = new Set([
    ...spec.callers.namespaces,
    ...spec.callers.serviceAccounts.map(account => account.split('/')[0]),
  ]);
  if (spec.exposure.mode === 'gateway')
    namespaces.add(spec.platform.ingressNamespace);
  if (usesLoadTester(spec)) namespaces.add(spec.platform.loadTester.namespace);
  return [...namespaces].sort();
}

/**
 * The service's NetworkPolicies under the namespace's default deny: callers
 * on the service and HBONE ports, Prometheus on the sidecar's scrape ports,
 * and for ambient L7 the waypoint, in both directions.
 */
export function networkPolicies(spec: MeshServiceSpec): Manifest[] {
  const appPorts = [
    ...new Set(spec.ports.map(p => p.targetPort ?? p.port)),
    HBONE_PORT,
  ].map(tcp);
  const callers = callerNamespaces(spec);
  const ingress: Array<Record<string, unknown>> = [];
  if (callers.length > 0)
    ingress.push({ from: callers.map(fromNamespace), ports: appPorts });
  if (spec.dataplane === 'sidecar')
    ingress.push({
      from: [fromNamespace(spec.platform.monitoringNamespace)],
      ports: SCRAPE_PORTS.map(tcp),
    });
  const waypoint = needsWaypoint(spec);
  if (waypoint)
    ingress.push({
      from: [
        {
          podSelector: { matchLabels: { [WAYPOINT_POD_LABEL]: WAYPOINT_NAME } },
        },
      ],
      ports: [tcp(HBONE_PORT)],
    });
  const manifests: Manifest[] = [];
  if (ingress.length > 0)
    manifests.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(spec, `${spec.name}-ingress`),
      spec: {
        podSelector: { matchLabels: workloadSelector(spec) },
        policyTypes: ['Ingress'],
        ingress,
      },
    });
  if (waypoint)
    // The waypoint's pods sit under the same default deny: callers reach them on HBONE, Prometheus scrapes them.
    manifests.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(spec, `${spec.name}-waypoint`),
      spec: {
        podSelector: { matchLabels: { [WAYPOINT_POD_LABEL]: WAYPOINT_NAME } },
        policyTypes: ['Ingress'],
        ingress: [
          ...(callers.length > 0
            ? [{ from: callers.map(fromNamespace), ports: [tcp(HBONE_PORT)] }]
            : []),
          {
            from: [fromNamespace(spec.platform.monitoringNamespace)],
            ports: SCRAPE_PORTS.map(tcp),
          },
        ],
      },
    });
  return manifests;
}
