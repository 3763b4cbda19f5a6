import type { IndexedObject } from '../analysis/meshIndex';
import type { CheckContext } from './context';

const protocols = [
  'http',
  'http2',
  'https',
  'grpc',
  'grpc-web',
  'tcp',
  'tls',
  'mongo',
  'mysql',
  'redis',
  'udp',
];
const appProtocols = new Set([
  ...protocols,
  'kubernetes.io/h2c',
  'kubernetes.io/ws',
  'kubernetes.io/wss',
]);
const systemNamespaces = new Set([
  'kube-system',
  'kube-public',
  'kube-node-lease',
]);

/** `http`, `http-web`, `grpc-api` name a protocol; `web`, `httpx` do not. */
export function portNameHasProtocol(name: string): boolean {
  const lower = name.toLowerCase();
  return protocols.some(
    protocol => lower === protocol || lower.startsWith(`${protocol}-`),
  );
}

/** Services whose ports are not the application's to name: Istio's own, Kubernetes', external names. */
function portsAreOwnedElsewhere(service: IndexedObject, rootNamespace: string) {
  const labels = service.object.metadata.labels ?? {};
  return (
    service.object.spec?.type === 'ExternalName' ||
    systemNamespaces.has(service.namespace) ||
    // Gateways and waypoints Istio deploys for Gateway API objects.
    typeof labels['gateway.istio.io/managed'] === 'string' ||
    // The control plane's Services (istioctl skips them too).
    (service.namespace === rootNamespace &&
      (typeof labels.istio === 'string' || labels.release === 'istio'))
  );
}

export function checkServicePorts(context: CheckContext) {
  const { index, report } = context;
  for (const service of index.services.values()) {
    if (portsAreOwnedElsewhere(service, index.rootNamespace)) continue;
    for (const port of service.object.spec?.ports ?? []) {
      const label = port?.name ?? String(port?.port);
      if (typeof port?.appProtocol === 'string') {
        if (!appProtocols.has(port.appProtocol.toLowerCase())) {
          report.report(
            'MP1112',
            `Port ${label} has appProtocol ${port.appProtocol}, which Istio does not know`,
            service,
            { kiali: 'KIA0602' },
          );
        }
        continue;
      }
      if (typeof port?.name !== 'string' || !portNameHasProtocol(port.name)) {
        report.report(
          'MP1112',
          `Port ${label} does not name its protocol (for example http-${label}) and has no appProtocol: Istio treats it as TCP`,
          service,
        );
      }
    }
  }
}

/** Whether a namespace's labels enrol its workloads: sidecar injection or ambient. */
export function isEnrolled(
  labels: Record<string, string> | undefined,
): boolean {
  if (!labels) return false;
  return (
    labels['istio-injection'] === 'enabled' ||
    typeof labels['istio.io/rev'] === 'string' ||
    labels['istio.io/dataplane-mode'] === 'ambient'
  );
}

export function checkNamespaceEnrolment(context: CheckContext) {
  const { index, report } = context;
  for (const [name, namespace] of index.namespaces) {
    if (name === index.rootNamespace || systemNamespaces.has(name)) continue;
    const labels = namespace.object.metadata.labels;
    // istio-injection set to anything but enabled is a deliberate opt-out (istioctl IST0102).
    const optedOut =
      typeof labels?.['istio-injection'] === 'string' &&
      labels['istio-injection'] !== 'enabled';
    if (!optedOut && !isEnrolled(labels)) {
      report.report(
        'MP1113',
        `Namespace ${name} has neither sidecar injection nor ambient mode: its workloads are outside the mesh`,
        namespace,
      );
    }
  }
}
