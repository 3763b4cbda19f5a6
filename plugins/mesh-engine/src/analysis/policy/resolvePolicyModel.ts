import type {
  ClientTls,
  Dataplane,
  KubernetesObject,
  PolicyConflict,
  PolicyModel,
  PortMtls,
  ServicePolicy,
  ServicePortPolicy,
  SourcedObject,
  WaypointBinding,
  WorkloadPolicy,
} from '@meshpath/plugin-mesh-common';
import { isRecord, toSourced } from '../../objects';
import { resolveHost } from '../hosts';
import { IndexedObject, MeshIndex, Workload } from '../meshIndex';
import { AuthorizationPolicies } from './authorization';
import { autoMtls, DestinationRuleTls } from './clientTls';
import {
  dataplaneOf,
  podTemplateOf,
  waypointBinding,
  waypointsOf,
} from './dataplane';
import { PeerAuthentications, ResolvedMtls } from './peerAuthentication';

/**
 * Options of {@link resolvePolicyModel}.
 * @public
 */
export interface ResolvePolicyOptions {
  /** Namespace of the Istio control plane, where mesh-wide policy lives. Default `istio-system`. */
  rootNamespace?: string;
}

/** A Service port as it lands on one workload. */
interface Landing {
  service: IndexedObject;
  host: string;
  servicePort: number;
  label: string;
}

const meshed = (dataplane: Dataplane) => dataplane !== 'none';

/** Container ports of a workload by name, and all their numbers. */
function containerPorts(workload: Workload): {
  byName: Map<string, number>;
  numbers: number[];
  names: Map<number, string>;
} {
  const byName = new Map<string, number>();
  const names = new Map<number, string>();
  const numbers: number[] = [];
  const containers = podTemplateOf(workload).spec.containers;
  for (const container of Array.isArray(containers) ? containers : []) {
    for (const port of isRecord(container) && Array.isArray(container.ports)
      ? container.ports
      : []) {
      const number = Number(isRecord(port) ? port.containerPort : NaN);
      if (!Number.isInteger(number) || number <= 0) continue;
      numbers.push(number);
      if (typeof port.name === 'string') {
        byName.set(port.name, number);
        names.set(number, port.name);
      }
    }
  }
  return { byName, numbers, names };
}

/** The workload port a Service port sends to: its targetPort (a number, or a container port name), else its port. */
function targetPortOf(
  port: Record<string, unknown>,
  byName: Map<string, number>,
): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'string' && !/^\d+$/.test(target))
    return byName.get(target);
  const number = Number(target);
  return Number.isInteger(number) && number > 0 ? number : undefined;
}

const sameTls = (a: ClientTls, b: ClientTls) =>
  a.mode === b.mode &&
  (a.decidedBy === b.decidedBy ||
    (typeof a.decidedBy === 'object' &&
      typeof b.decidedBy === 'object' &&
      a.decidedBy.namespace === b.decidedBy.namespace &&
      a.decidedBy.name === b.decidedBy.name));

/** What makes requests fail between the TLS clients send and what the server accepts. */
function tlsConflicts(
  client: ClientTls,
  server: ResolvedMtls & { enforced: boolean },
  dataplane: Dataplane,
  where: string,
): PolicyConflict[] {
  if (client.decidedBy === 'auto-mTLS') return [];
  const rule = client.decidedBy;
  const ruleName = `DestinationRule ${rule.namespace}/${rule.name}`;
  const serverBy = server.decidedBy.ref
    ? `PeerAuthentication ${server.decidedBy.ref.namespace}/${server.decidedBy.ref.name}`
    : 'the default';
  const objects = [
    rule,
    ...(server.decidedBy.ref ? [server.decidedBy.ref] : []),
  ];
  const fail = (message: string): PolicyConflict[] => [
    { severity: 'error', message: `${message}: requests fail`, objects },
  ];
  if (client.mode === 'DISABLE' && server.mode === 'STRICT' && server.enforced)
    return fail(
      `${ruleName} sends plaintext (tls DISABLE) to ${where}, but ${serverBy} requires mTLS (STRICT)`,
    );
  if (client.mode === 'ISTIO_MUTUAL' && !meshed(dataplane))
    return fail(
      `${ruleName} sends Istio mTLS (ISTIO_MUTUAL) to ${where}, which has no sidecar to accept it`,
    );
  if (
    client.mode === 'ISTIO_MUTUAL' &&
    server.mode === 'DISABLE' &&
    server.enforced
  )
    return fail(
      `${ruleName} sends Istio mTLS (ISTIO_MUTUAL) to ${where}, but ${serverBy} accepts only plaintext (DISABLE)`,
    );
  if (
    (client.mode === 'SIMPLE' || client.mode === 'MUTUAL') &&
    server.mode === 'STRICT' &&
    server.enforced
  )
    return fail(
      `${ruleName} originates ${client.mode} TLS with its own certificates to ${where}, but ${serverBy} requires Istio mTLS (STRICT)`,
    );
  return [];
}

/**
 * Resolves the effective policy of a world as Istio would: per workload and
 * port the mTLS in force (PeerAuthentication precedence: workload selector
 * over namespace over root-namespace mesh-wide, `portLevelMtls` on the
 * workload's target port, UNSET inheriting) with the client TLS
 * (DestinationRule `tls`, else auto-mTLS) and their conflicts; the
 * authorization in evaluation order with who enforces each policy (sidecar,
 * ztunnel, waypoint, or nobody); Services with the workloads and ports they
 * select and the waypoint in front.
 * @public
 */
export function resolvePolicyModel(
  objects: Array<SourcedObject | KubernetesObject>,
  options: ResolvePolicyOptions = {},
): PolicyModel {
  return resolveIndexPolicy(
    new MeshIndex(toSourced(objects), options.rootNamespace ?? 'istio-system'),
  );
}

/** The policy model of an index the analyzer already built. */
export function resolveIndexPolicy(index: MeshIndex): PolicyModel {
  const waypoints = waypointsOf(index);
  const peerAuthentications = new PeerAuthentications(index);
  const destinationRules = new DestinationRuleTls(index);
  const authorizationPolicies = new AuthorizationPolicies(index);
  const root = index.rootNamespace;

  // Services first: each workload learns which Service ports land on it.
  const landings = new Map<Workload, Landing[]>();
  const servicesOf = new Map<
    Workload,
    Array<{ service: IndexedObject; waypoint?: WaypointBinding }>
  >();
  const serviceEntries: Array<{
    service: IndexedObject;
    host: string;
    workloads: Workload[];
    waypoint?: WaypointBinding;
  }> = [];
  const portCache = new Map<Workload, ReturnType<typeof containerPorts>>();
  const portsOf = (workload: Workload) => {
    let ports = portCache.get(workload);
    if (!ports) portCache.set(workload, (ports = containerPorts(workload)));
    return ports;
  };
  for (const service of index.services.values()) {
    const host = resolveHost(service.ref.name, service.namespace);
    const workloads = index.workloadsOfService(service);
    const waypoint = waypointBinding(
      service.object.metadata.labels,
      index.namespaces.get(service.namespace),
      service.namespace,
      'service',
      waypoints,
    );
    serviceEntries.push({ service, host, workloads, waypoint });
    const ports: unknown[] = Array.isArray(service.object.spec?.ports)
      ? service.object.spec.ports
      : [];
    for (const workload of workloads) {
      push(servicesOf, workload, { service, waypoint });
      for (const port of ports) {
        if (!isRecord(port)) continue;
        const servicePort = Number(port.port);
        if (!Number.isInteger(servicePort)) continue;
        const target = targetPortOf(port, portsOf(workload).byName);
        if (target === undefined) continue;
        push(landings, workload, {
          service,
          host,
          servicePort,
          label: `${service.namespace}/${service.ref.name}:${servicePort}`,
          target,
        } as Landing & { target: number });
      }
    }
  }

  type RuleTls = {
    tls: ClientTls | undefined;
    overrides: Array<{ namespace: string; tls: ClientTls | undefined }>;
  };
  /** By host, then port: no key string built per lookup. */
  const tlsCache = new Map<string, Map<number, RuleTls>>();
  /** The DestinationRule TLS towards a Service port: for other namespaces, and where callers' own rules differ. */
  const ruleTls = (landing: Landing) => {
    let ofHost = tlsCache.get(landing.host);
    if (!ofHost) tlsCache.set(landing.host, (ofHost = new Map()));
    let cached = ofHost.get(landing.servicePort);
    if (!cached) {
      const namespace = landing.service.namespace;
      const tlsFrom = (client: string) => {
        const found = DestinationRuleTls.tlsOf(
          destinationRules.ruleFor(landing.host, namespace, client),
          landing.servicePort,
        );
        return found
          ? ({ mode: found.mode, decidedBy: found.ref } as ClientTls)
          : undefined;
      };
      cached = {
        tls: tlsFrom(''),
        overrides: destinationRules
          .clientNamespacesWithRules(landing.host, [namespace, root])
          .map(client => ({ namespace: client, tls: tlsFrom(client) })),
      };
      ofHost.set(landing.servicePort, cached);
    }
    return cached;
  };

  const workloads: WorkloadPolicy[] = [];
  const dataplanes = new Map<Workload, Dataplane>();
  for (const workload of index.workloads) {
    const namespace = index.namespaces.get(workload.namespace);
    const dataplane = dataplaneOf(workload, namespace);
    dataplanes.set(workload, dataplane);
    const resolved = peerAuthentications.forWorkload(workload, dataplane);
    const conflicts = resolved.conflicts;
    const enforced = meshed(dataplane);
    if (!enforced && resolved.mtls.mode === 'STRICT')
      conflicts.push({
        severity: 'warning',
        message: `PeerAuthentication ${resolved.mtls.decidedBy.ref?.namespace}/${resolved.mtls.decidedBy.ref?.name} requires mTLS, but the workload has neither a sidecar nor ambient mode: plaintext is accepted`,
        objects: resolved.mtls.decidedBy.ref
          ? [resolved.mtls.decidedBy.ref]
          : [],
      });

    const own = portsOf(workload);
    const byPort = new Map<number, Array<Landing & { target: number }>>();
    for (const number of [
      ...own.numbers,
      ...peerAuthentications.portsNamedFor(workload),
    ])
      if (!byPort.has(number)) byPort.set(number, []);
    for (const landing of (landings.get(workload) ?? []) as Array<
      Landing & { target: number }
    >) {
      const list = byPort.get(landing.target);
      if (list) list.push(landing);
      else byPort.set(landing.target, [landing]);
    }

    const ports: PortMtls[] = [];
    for (const [number, list] of [...byPort].sort((a, b) => a[0] - b[0])) {
      const mtls = resolved.port(number);
      const server = { ...mtls, enforced };
      const auto = autoMtls(enforced, mtls.mode);
      const first = list[0];
      const fromRules = first ? ruleTls(first) : undefined;
      const clientTls = fromRules?.tls ?? auto;
      const where = `${workload.ref.kind} ${workload.namespace}/${workload.ref.name} port ${number}`;
      const portConflicts = tlsConflicts(clientTls, server, dataplane, where);
      const overrides: Array<ClientTls & { clientNamespace: string }> = [];
      for (const override of fromRules?.overrides ?? []) {
        const tls = override.tls ?? auto;
        if (sameTls(tls, clientTls)) continue;
        overrides.push({ ...tls, clientNamespace: override.namespace });
        for (const conflict of tlsConflicts(tls, server, dataplane, where))
          portConflicts.push({
            ...conflict,
            message: `for callers in ${override.namespace}: ${conflict.message}`,
          });
      }
      const name =
        own.names.get(number) ??
        (list
          .map(
            l =>
              (l.service.object.spec?.ports ?? []).find(
                (p: any) => Number(p?.port) === l.servicePort,
              )?.name,
          )
          .find(n => typeof n === 'string') as string | undefined);
      ports.push({
        port: number,
        ...(name ? { name } : {}),
        servicePorts: list.map(l => l.label),
        mode: mtls.mode,
        decidedBy: mtls.decidedBy,
        enforced,
        clientTls,
        ...(overrides.length > 0 ? { clientTlsOverrides: overrides } : {}),
        conflicts: portConflicts,
      });
    }

    const workloadWaypoint =
      dataplane === 'ambient'
        ? waypointBinding(
            workload.labels,
            namespace,
            workload.namespace,
            'workload',
            waypoints,
          )
        : undefined;
    workloads.push({
      ref: workload.ref,
      namespace: workload.namespace,
      name: workload.ref.name,
      kind: workload.ref.kind,
      labels: workload.labels,
      serviceAccount: workload.serviceAccount,
      principal: `cluster.local/ns/${workload.namespace}/sa/${workload.serviceAccount}`,
      dataplane,
      ...(workloadWaypoint ? { waypoint: workloadWaypoint } : {}),
      mtls: resolved.mtls,
      ports,
      authorization: authorizationPolicies.forWorkload(
        workload,
        dataplane,
        servicesOf.get(workload) ?? [],
      ),
      conflicts,
    });
  }

  const services: ServicePolicy[] = serviceEntries.map(
    ({ service, host, workloads: selected, waypoint }) => {
      const targetRefPolicies = authorizationPolicies.forService(
        service,
        waypoint,
      );
      const conflicts: PolicyConflict[] = [];
      if (waypoint && !waypoint.found)
        conflicts.push({
          severity: 'warning',
          message: `Service uses waypoint ${waypoint.namespace}/${waypoint.name}, which does not exist or does not serve Services`,
          objects: [service.ref],
        });
      for (const policy of targetRefPolicies)
        if (policy.enforcement === 'ignored-needs-waypoint')
          conflicts.push({
            severity: 'warning',
            message: `AuthorizationPolicy ${policy.ref.namespace}/${policy.ref.name} targets the Service, but ${policy.enforcementNote}`,
            objects: [policy.ref, service.ref],
          });
      const ports: ServicePortPolicy[] = [];
      for (const port of Array.isArray(service.object.spec?.ports)
        ? service.object.spec.ports
        : []) {
        if (!isRecord(port) || !Number.isInteger(Number(port.port))) continue;
        const servicePort = Number(port.port);
        const fromRule = ruleTls({
          service,
          host,
          servicePort,
          label: '',
        }).tls;
        const anyMeshed = selected.some(w => meshed(dataplanes.get(w)!));
        ports.push({
          ...(typeof port.name === 'string' ? { name: port.name } : {}),
          port: servicePort,
          targetPort:
            typeof port.targetPort === 'string' ||
            typeof port.targetPort === 'number'
              ? port.targetPort
              : servicePort,
          workloadPorts: selected.map(w => {
            const target = targetPortOf(port, portsOf(w).byName);
            return target === undefined
              ? { workload: w.ref }
              : { workload: w.ref, port: target };
          }),
          clientTls:
            fromRule ??
            ({
              mode: anyMeshed ? 'ISTIO_MUTUAL' : 'DISABLE',
              decidedBy: 'auto-mTLS',
            } as ClientTls),
        });
      }
      return {
        ref: service.ref,
        namespace: service.namespace,
        name: service.ref.name,
        hosts: [host],
        workloads: selected.map(w => w.ref),
        ports,
        ...(waypoint ? { waypoint } : {}),
        targetRefPolicies,
        conflicts,
      };
    },
  );

  return { rootNamespace: root, workloads, services };
}

function push<K, T>(map: Map<K, T[]>, key: K, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
