import type {
  Dataplane,
  ObjectRef,
  PolicyModel,
  ReachabilityCaller,
  WorkloadPolicy,
} from '@meshpath/plugin-mesh-common';
import { isRecord } from '../../objects';
import type { CanaryPlan } from '../flagger/deriveFlaggerWorld';
import { resolveHost } from '../hosts';
import { selectorMatches } from '../labelSelector';
import type { MeshIndex, Workload } from '../meshIndex';
import { isEnforced } from '../policy/evaluateAuthorization';

/**
 * Where the callers that are not named in policies run: the settings of
 * `mesh.platform`, whose defaults ({@link @meshpath/plugin-mesh-common#PLATFORM_DEFAULTS}) apply to what is left out.
 * @public
 */
export interface ReachabilityOptions {
  /** SPIFFE trust domain of the mesh's identities. */
  trustDomain?: string;
  /** Namespace Prometheus runs in. */
  monitoringNamespace?: string;
  /** Labels of the Prometheus pods, as NetworkPolicy podSelectors see them. Default `app.kubernetes.io/name: prometheus`. */
  prometheusPodLabels?: Record<string, string>;
  /** Namespace of the ingress gateway pods when the input does not show them (not the Gateway resource's). */
  ingressNamespace?: string;
  /** Pod labels of the ingress gateway, to find its pods when the input lacks the Gateway resource. */
  ingressSelector?: Record<string, string>;
  /** Namespace of Flagger's load tester when a webhook URL does not name one. */
  loadTesterNamespace?: string;
}

/** A caller with what NetworkPolicy peers see of it. */
export interface CallerProfile extends ReachabilityCaller {
  /** Labels of its pods; absent when any pod of its namespace may call. */
  podLabels?: Record<string, string>;
  /** Its pods are not in the input and its Namespace injects no sidecar: a pod label may still inject one. */
  proxyUnknown?: boolean;
}

const meshedDataplane = (dataplane: Dataplane) => dataplane !== 'none';
const exact = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && !value.includes('*');

/** Finds what the input knows of pods by namespace and service account. */
export class CallerDirectory {
  /** By the workload's ref: the policy model is the index's own and names workloads by the same objects. */
  private readonly policies = new Map<ObjectRef, WorkloadPolicy>();

  constructor(private readonly index: MeshIndex, policy: PolicyModel) {
    for (const workload of policy.workloads)
      this.policies.set(workload.ref, workload);
  }

  policyOf(workload: Workload): WorkloadPolicy | undefined {
    return this.policies.get(workload.ref);
  }

  private readonly podsOf = new Map<string, Workload | null>();

  /** The input's first workload of a namespace (with that service account): once per pair, for every workload it calls. */
  private podOf(
    namespace: string,
    serviceAccount?: string,
  ): Workload | undefined {
    const key = `${namespace}/${serviceAccount ?? ''}`;
    let pod = this.podsOf.get(key);
    if (pod === undefined) {
      pod =
        this.index
          .workloadsIn(namespace)
          .find(w => !serviceAccount || w.serviceAccount === serviceAccount) ??
        null;
      this.podsOf.set(key, pod);
    }
    return pod ?? undefined;
  }

  /** How pods of a namespace (and service account) join the mesh: their workloads', else the Namespace's labels, else a sidecar. */
  private dataplaneOf(namespace: string, serviceAccount?: string): Dataplane {
    const workload = this.podOf(namespace, serviceAccount);
    const known = workload && this.policyOf(workload)?.dataplane;
    if (known && known !== 'unknown') return known;
    const declared = this.index.namespaces.get(namespace);
    // A namespace the input does not hold: assume the common case, a sidecar.
    if (!declared) return 'sidecar';
    const labels = declared.object.metadata.labels ?? {};
    if (labels['istio.io/dataplane-mode'] === 'ambient') return 'ambient';
    if (labels['istio-injection'] === 'enabled' || labels['istio.io/rev'])
      return 'sidecar';
    return 'none';
  }

  /** A caller in a namespace, by service account when known. */
  caller(
    kind: ReachabilityCaller['kind'],
    label: string,
    namespace: string,
    serviceAccount?: string,
    podLabels?: Record<string, string>,
  ): CallerProfile {
    const dataplane = this.dataplaneOf(namespace, serviceAccount);
    // A caller named by namespace is any of its pods: the input's first one stands for them.
    const workload = this.podOf(namespace, serviceAccount);
    const seen = workload !== undefined;
    const account = serviceAccount ?? workload?.serviceAccount;
    return {
      kind,
      label,
      namespace,
      ...(account ? { serviceAccount: account } : {}),
      // Pods not in the input may carry a sidecar by their own label: assume mTLS, and say STRICT is unsure.
      mtls: meshedDataplane(dataplane) || !seen,
      ...(!seen && !meshedDataplane(dataplane) ? { proxyUnknown: true } : {}),
      ...(dataplane === 'ambient' ? { ambient: true } : {}),
      ...(podLabels ?? workload?.labels
        ? { podLabels: podLabels ?? workload?.labels }
        : {}),
    };
  }

  private readonly selections = new Map<string, Workload[]>();

  /** Workloads in any namespace whose labels include the selector's; once per selector (every exposed workload asks for its gateway's). */
  selected(selector: Record<string, string>): Workload[] {
    const key = JSON.stringify(Object.entries(selector).sort());
    let found = this.selections.get(key);
    if (!found) {
      found = this.index.workloads.filter(w =>
        selectorMatches(selector, w.labels),
      );
      this.selections.set(key, found);
    }
    return found;
  }
}

/** Callers the workload's ALLOW policies name: principals, namespaces and service accounts without wildcards. */
export function declaredCallers(
  directory: CallerDirectory,
  policy: WorkloadPolicy,
): CallerProfile[] {
  const callers = new Map<string, CallerProfile>();
  const add = (namespace: string, serviceAccount?: string) => {
    const key = `${namespace}/${serviceAccount ?? ''}`;
    if (callers.has(key)) return;
    callers.set(
      key,
      directory.caller(
        'declared',
        serviceAccount
          ? `sa ${namespace}/${serviceAccount}`
          : `ns ${namespace}`,
        namespace,
        serviceAccount,
      ),
    );
  };
  for (const summary of policy.authorization.allow.filter(isEnforced)) {
    const policyNamespace = summary.ref.namespace ?? policy.namespace;
    for (const rule of summary.rules)
      for (const source of rule.from) {
        for (const principal of source.principals ?? []) {
          const parsed = exact(principal)
            ? /^[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal)
            : null;
          if (parsed) add(parsed[1], parsed[2]);
        }
        for (const namespace of source.namespaces ?? [])
          if (exact(namespace)) add(namespace);
        for (const account of source.serviceAccounts ?? []) {
          if (!exact(account)) continue;
          const [namespace, name] = account.includes('/')
            ? account.split('/', 2)
            : [policyNamespace, account];
          add(namespace, name);
        }
      }
  }
  return [...callers.values()];
}

/** `[namespace/]name` of a VirtualService gateway, resolved in the VirtualService's namespace. */
const gatewayKey = (entry: string, namespace: string) =>
  entry.includes('/') ? entry : `${namespace}/${entry}`;

/** Hosts a VirtualService routes to, resolved. */
function destinationHosts(spec: Record<string, any>, namespace: string) {
  const hosts = new Set<string>();
  for (const kind of ['http', 'tcp', 'tls'])
    for (const route of Array.isArray(spec[kind]) ? spec[kind] : [])
      for (const destination of isRecord(route) && Array.isArray(route.route)
        ? route.route
        : [])
        if (typeof destination?.destination?.host === 'string')
          hosts.add(resolveHost(destination.destination.host, namespace));
  return hosts;
}

/** Per destination host, the VirtualServices (by position) routing to it and the gateways they bind. */
type GatewayBindings = Map<
  string,
  Array<{ order: number; gateways: string[] }>
>;
const gatewayBindings = new WeakMap<MeshIndex, GatewayBindings>();

/** Read once per world: asked per workload, a walk over every VirtualService made the analysis quadratic. */
function gatewaysRoutingTo(index: MeshIndex): GatewayBindings {
  const cached = gatewayBindings.get(index);
  if (cached) return cached;
  const byHost: GatewayBindings = new Map();
  index.istio('VirtualService').forEach((vs, order) => {
    const spec = vs.object.spec ?? {};
    const bound: unknown[] = Array.isArray(spec.gateways) ? spec.gateways : [];
    const gateways = bound
      .filter((g): g is string => typeof g === 'string' && g !== 'mesh')
      .map(g => gatewayKey(g, vs.namespace));
    if (gateways.length === 0) return;
    for (const host of destinationHosts(spec, vs.namespace)) {
      const list = byHost.get(host) ?? [];
      list.push({ order, gateways });
      byHost.set(host, list);
    }
  });
  gatewayBindings.set(index, byHost);
  return byHost;
}

/**
 * The ingress gateways that send traffic to the workload: Istio Gateways of
 * VirtualServices that route to one of its Services (or of its Canary's
 * `service.gateways`), and Gateway API Gateways of HTTPRoutes with one of its
 * Services as a backend. Their pods are those the Gateway selects, else in
 * the configured (or the Gateway's) namespace.
 */
export function gatewayCallers(
  index: MeshIndex,
  directory: CallerDirectory,
  serviceHosts: Set<string>,
  serviceKeys: Set<string>,
  canaryGateways: string[],
  options: ReachabilityOptions,
): CallerProfile[] {
  const gateways = new Set<string>(canaryGateways);
  const routed = gatewaysRoutingTo(index);
  const bindings = new Map<number, string[]>();
  for (const host of serviceHosts)
    for (const binding of routed.get(host) ?? [])
      bindings.set(binding.order, binding.gateways);
  // In the VirtualServices' order, as a walk over them would add them.
  for (const order of [...bindings.keys()].sort((a, b) => a - b))
    for (const g of bindings.get(order)!) gateways.add(g);
  const callers = new Map<string, CallerProfile>();
  for (const key of gateways) {
    const [namespace, name] = key.split('/', 2);
    const gateway = index
      .istio('Gateway')
      .find(g => g.namespace === namespace && g.ref.name === name);
    // The platform's Gateway is often not in the input: its pods are found by the platform's selector.
    const selector = isRecord(gateway?.object.spec?.selector)
      ? (gateway!.object.spec.selector as Record<string, string>)
      : options.ingressSelector;
    const pods = selector ? directory.selected(selector) : [];
    const pod = pods[0];
    const podNamespace =
      pod?.namespace ?? options.ingressNamespace ?? namespace;
    callers.set(`${podNamespace}/${pod?.serviceAccount ?? ''}`, {
      ...directory.caller(
        'gateway',
        `gateway ${key} (pods in ${podNamespace})`,
        podNamespace,
        pod?.serviceAccount,
        pod?.labels ?? selector,
      ),
      // The gateway's Envoy originates Istio mTLS whatever its Namespace says.
      mtls: true,
    });
  }
  for (const route of [
    ...index.ofKind('gateway.networking.k8s.io/HTTPRoute'),
    ...index.ofKind('gateway.networking.k8s.io/GRPCRoute'),
  ]) {
    const spec = route.object.spec ?? {};
    const backends = (Array.isArray(spec.rules) ? spec.rules : []).flatMap(
      (rule: any) => (Array.isArray(rule?.backendRefs) ? rule.backendRefs : []),
    );
    const toService = backends.some(
      (b: any) =>
        (b?.kind ?? 'Service') === 'Service' &&
        serviceKeys.has(`${b?.namespace ?? route.namespace}/${b?.name}`),
    );
    if (!toService) continue;
    for (const parent of Array.isArray(spec.parentRefs)
      ? spec.parentRefs
      : []) {
      if (!isRecord(parent) || (parent.kind ?? 'Gateway') !== 'Gateway')
        continue;
      const namespace = String(parent.namespace ?? route.namespace);
      const gateway = index
        .ofKind('gateway.networking.k8s.io/Gateway')
        .find(g => g.namespace === namespace && g.ref.name === parent.name);
      const className = gateway?.object.spec?.gatewayClassName;
      if (className === 'istio-waypoint') continue;
      // Istio deploys a Gateway's pods beside it, as `<name>-<class>` with that service account.
      const serviceAccount =
        typeof className === 'string'
          ? `${parent.name}-${className}`
          : undefined;
      callers.set(`${namespace}/${serviceAccount ?? ''}`, {
        ...directory.caller(
          'gateway',
          `gateway ${namespace}/${parent.name}`,
          namespace,
          serviceAccount,
          { 'gateway.networking.k8s.io/gateway-name': String(parent.name) },
        ),
        mtls: true,
      });
    }
  }
  return [...callers.values()];
}

/** Flagger's load tester, from the Canary's webhooks that run load (`metadata.cmd`): it calls `<apex>-canary`. */
export function loadTesterCallers(
  directory: CallerDirectory,
  index: MeshIndex,
  plan: CanaryPlan,
  options: ReachabilityOptions,
): CallerProfile[] {
  const webhooks = plan.canary.object.spec?.analysis?.webhooks;
  const callers = new Map<string, CallerProfile>();
  for (const webhook of Array.isArray(webhooks) ? webhooks : []) {
    if (!isRecord(webhook) || typeof webhook.url !== 'string') continue;
    if (!isRecord(webhook.metadata) || typeof webhook.metadata.cmd !== 'string')
      continue;
    let host: string;
    try {
      host = new URL(webhook.url).hostname;
    } catch {
      continue;
    }
    const [name, namespaceOfHost] = host.split('.');
    const namespace =
      namespaceOfHost ?? options.loadTesterNamespace ?? plan.namespace;
    // Its pods: those behind the Service the URL names, when the input has it.
    const service = index.services.get(`${namespace}/${name}`);
    const pod = service ? index.workloadsOfService(service)[0] : undefined;
    callers.set(`${namespace}/${name}`, {
      ...directory.caller(
        'load-tester',
        `load tester ${name}.${namespace}`,
        namespace,
        pod?.serviceAccount,
        pod?.labels ?? { app: name },
      ),
    });
  }
  return [...callers.values()];
}
