import {
  HBONE_PORT,
  PLATFORM_DEFAULTS,
  SIDECAR_SCRAPE_PORTS,
} from '@meshpath/plugin-mesh-common';
import type {
  AuthorizationPolicySummary,
  AuthorizationRequest,
  AuthorizationVerdict,
  KubernetesObject,
  ObjectRef,
  WaypointBinding,
  WorkloadAuthorization,
  PolicyModel,
  ReachabilityEntry,
  ReachabilityVerdict,
  SourcedObject,
  WorkloadPolicy,
  WorkloadReachability,
} from '@meshpath/plugin-mesh-common';
import { toSourced } from '../../objects';
import {
  deriveFlaggerWorld,
  type FlaggerWorld,
} from '../flagger/deriveFlaggerWorld';
import { MeshIndex, type Workload } from '../meshIndex';
import { evaluateAuthorization } from '../policy/evaluateAuthorization';
import { podTemplateOf } from '../policy/dataplane';
import { resolveIndexPolicy } from '../policy/resolvePolicyModel';
import {
  CallerDirectory,
  CallerProfile,
  declaredCallers,
  gatewayCallers,
  loadTesterCallers,
  ReachabilityOptions,
} from './callers';
import { NetworkPolicies, type NetworkSource } from './networkPolicies';

export type { ReachabilityOptions } from './callers';

/** Options of {@link computeReachability}. @public */
export interface ComputeReachabilityOptions extends ReachabilityOptions {
  /** Namespace of the Istio control plane, where mesh-wide policy lives. Default `istio-system`. */
  rootNamespace?: string;
}

/** The options with `mesh.platform`'s defaults where they are left out: one truth with the generator. */
function withPlatformDefaults(options: ReachabilityOptions) {
  return {
    ...options,
    trustDomain: options.trustDomain ?? PLATFORM_DEFAULTS.trustDomain,
    monitoringNamespace:
      options.monitoringNamespace ?? PLATFORM_DEFAULTS.monitoringNamespace,
    ingressNamespace:
      options.ingressNamespace ?? PLATFORM_DEFAULTS.ingressNamespace,
    ingressSelector:
      options.ingressSelector ?? PLATFORM_DEFAULTS.ingressSelector,
  };
}

/** A namespace no policy names: where "any other workload" calls from. */
const ANY_NAMESPACE = 'meshpath-any-namespace';

/** The reachability of a world, and which blocked entries only HBONE's port stops. */
export interface ReachabilityResult {
  workloads: WorkloadReachability[];
  /** Entries NetworkPolicy blocks on 15008 though it admits the application port. */
  hboneOnly: Set<ReachabilityEntry>;
  /** The input's indexed workload of each reachability, for reporting. */
  workloadOf: Map<WorkloadReachability, Workload>;
}

const combine = (
  l4: ReachabilityVerdict,
  l7: ReachabilityVerdict,
): ReachabilityEntry['reachable'] => {
  if (l4.verdict === 'deny' || l7.verdict === 'deny') return 'no';
  return l4.verdict === 'allow' && l7.verdict === 'allow' ? 'yes' : 'unknown';
};

/** The ports callers use: those Services send to, else the declared container ports. */
function appPorts(
  policy: WorkloadPolicy,
): Array<{ port: number; name?: string }> {
  const served = policy.ports.filter(p => p.servicePorts.length > 0);
  return (served.length > 0 ? served : policy.ports)
    .filter(
      p => !SIDECAR_SCRAPE_PORTS.includes(p.port) && p.port !== HBONE_PORT,
    )
    .map(p => ({ port: p.port, ...(p.name ? { name: p.name } : {}) }));
}

/** Istio's L7 decision for a caller on an application port of the workload. */
function l7Verdict(
  policy: WorkloadPolicy,
  caller: CallerProfile,
  port: number,
  trustDomain: string,
  waypoint: WaypointBinding | undefined,
  mtls = caller.mtls,
): ReachabilityVerdict {
  if (policy.dataplane === 'none')
    return {
      verdict: 'allow',
      reason: 'no proxy: neither mTLS nor authorization is enforced',
    };
  if (policy.dataplane === 'sidecar' && SIDECAR_SCRAPE_PORTS.includes(port))
    return {
      verdict: 'allow',
      reason: `the sidecar does not capture port ${port}: no mTLS or authorization applies`,
    };
  const portMtls = policy.ports.find(p => p.port === port);
  const mode = portMtls?.mode ?? policy.mtls.mode;
  const decidedBy = portMtls?.decidedBy ?? policy.mtls.decidedBy;
  if (caller.proxyUnknown && mode === 'STRICT')
    return {
      verdict: 'unknown',
      reason: `mTLS is STRICT and the caller's pods are not in the input, in a namespace that injects no sidecar: refused unless they carry one`,
    };
  if (!mtls && mode === 'STRICT')
    return {
      verdict: 'deny',
      reason: `mTLS is STRICT (${
        decidedBy.ref
          ? `PeerAuthentication ${decidedBy.ref.namespace}/${decidedBy.ref.name}`
          : decidedBy.level
      }): a plaintext caller is refused`,
      ...(decidedBy.ref ? { decidedBy: decidedBy.ref } : {}),
    };
  const request = (namespace: string, serviceAccount?: string) => ({
    mtls,
    ...(mtls ? { namespace } : {}),
    ...(mtls && serviceAccount
      ? { principal: `${trustDomain}/ns/${namespace}/sa/${serviceAccount}` }
      : {}),
    port,
  });
  const verdict =
    waypoint && mtls
      ? throughWaypoint(
          policy,
          waypoint,
          request(caller.namespace, caller.serviceAccount),
          request(waypoint.namespace, waypoint.name),
        )
      : evaluateAuthorization(
          policy.authorization,
          request(caller.namespace, caller.serviceAccount),
        );
  if (verdict.verdict === 'unknown' && onlyRequestAttributes(verdict.reason))
    return {
      verdict: 'allow',
      reason: `some requests: ${verdict.reason}`,
      ...(verdict.decidedBy ? { decidedBy: verdict.decidedBy } : {}),
    };
  return {
    verdict: verdict.verdict,
    reason: verdict.reason,
    ...(verdict.decidedBy ? { decidedBy: verdict.decidedBy } : {}),
  };
}

/**
 * Behind a waypoint the waypoint enforces its (targetRefs) policies with the
 * caller's identity, then ztunnel enforces the workload's with the waypoint's
 * (Istio gives the waypoint's pods a service account named after it).
 */
function throughWaypoint(
  policy: WorkloadPolicy,
  waypoint: WaypointBinding,
  fromCaller: AuthorizationRequest,
  fromWaypoint: AuthorizationRequest,
): AuthorizationVerdict {
  const split = (atWaypoint: boolean): WorkloadAuthorization => {
    const keep = (p: AuthorizationPolicySummary) =>
      (p.enforcement === 'waypoint') === atWaypoint;
    const a = policy.authorization;
    return {
      outcome: a.outcome,
      custom: a.custom.filter(keep),
      deny: a.deny.filter(keep),
      allow: a.allow.filter(keep),
      audit: a.audit.filter(keep),
    };
  };
  const atWaypoint = evaluateAuthorization(split(true), fromCaller);
  if (atWaypoint.verdict === 'deny') return atWaypoint;
  const atPod = evaluateAuthorization(split(false), fromWaypoint);
  if (atPod.verdict === 'deny')
    return {
      ...atPod,
      reason: `from waypoint ${waypoint.namespace}/${waypoint.name}: ${atPod.reason}`,
    };
  if (atWaypoint.verdict === 'unknown' || atPod.verdict !== 'unknown')
    return atWaypoint;
  return {
    ...atPod,
    reason: `from waypoint ${waypoint.namespace}/${waypoint.name}: ${atPod.reason}`,
  };
}

/** Attributes of a request (not of the connection): a caller that may match on them gets some requests through. */
const requestAttributes = new Set([
  'host',
  'method',
  'path',
  'request principal (JWT)',
  'remote IP (X-Forwarded-For)',
  'when request.auth.principal',
]);

/** Whether an `unknown` of the evaluator depends only on request attributes, not on CUSTOM or the caller's identity. */
function onlyRequestAttributes(reason: string): boolean {
  if (reason.startsWith('CUSTOM')) return false;
  const depends = /\(depends on (.*)\)$/.exec(reason);
  if (!depends) return false;
  return depends[1]
    .split(', ')
    .every(
      item =>
        requestAttributes.has(item) ||
        item.startsWith('when request.') ||
        /^(host|method|path) \(unreadable /.test(item),
    );
}

/** The port Prometheus scrapes on a workload without a sidecar: its `prometheus.io/port` annotation. */
function annotatedScrapePort(workload: Workload): number | undefined {
  const annotations = podTemplateOf(workload).annotations;
  const port = Number(annotations['prometheus.io/port']);
  return annotations['prometheus.io/scrape'] === 'true' &&
    Number.isInteger(port) &&
    port > 0
    ? port
    : undefined;
}

/**
 * Who can reach each workload and port, at L4 (Kubernetes NetworkPolicy)
 * and at L7 (the mTLS mode and the AuthorizationPolicies, evaluated as the
 * policy model resolves them): the callers the ALLOW policies name (for a
 * Flagger primary, those of its target too), the ingress gateway pods of an
 * exposed service, Prometheus on the sidecar's scrape ports, Flagger's load
 * tester on a canary, and any other workload (which should not get through
 * where the workload is isolated). Mesh traffic to or from an ambient pod
 * arrives as HBONE on port 15008; behind a waypoint it comes from the
 * waypoint's pods.
 */
export function reachabilityOf(
  index: MeshIndex,
  policy: PolicyModel,
  world: Pick<FlaggerWorld, 'canaries' | 'derived'>,
  given: ReachabilityOptions = {},
): ReachabilityResult {
  const options = withPlatformDefaults(given);
  const networkPolicies = new NetworkPolicies(index);
  const directory = new CallerDirectory(index, policy);
  const monitoring = options.monitoringNamespace;
  const trustDomain = options.trustDomain;
  const prometheus: CallerProfile = {
    kind: 'prometheus',
    label: `Prometheus (${monitoring})`,
    namespace: monitoring,
    mtls: false,
    podLabels: options.prometheusPodLabels ?? {
      'app.kubernetes.io/name': 'prometheus',
    },
  };
  const anyone: CallerProfile = {
    kind: 'any',
    label: 'any other workload',
    namespace: ANY_NAMESPACE,
    serviceAccount: 'default',
    mtls: true,
    podLabels: {},
  };
  const derivedNames = new Map(
    world.derived.map(d => [
      `${d.object.kind}|${d.object.metadata.namespace}|${d.object.metadata.name}`,
      d.generatedBy,
    ]),
  );
  const workloadKey = (w: Workload) =>
    `${w.ref.kind}|${w.namespace}|${w.ref.name}`;
  // A Flagger primary's target is found by name: only canaries need these keys.
  const byKey = new Map(
    world.canaries.length > 0
      ? index.workloads.map(w => [workloadKey(w), w])
      : [],
  );
  const planOfTarget = new Map(
    world.canaries.map(plan => [
      `${plan.target.object.kind}|${plan.namespace}|${plan.target.object.metadata.name}`,
      plan,
    ]),
  );
  const planOfPrimary = new Map(
    world.canaries
      .filter(plan => plan.primary)
      .map(plan => [
        `${plan.primary!.object.kind}|${plan.namespace}|${
          plan.primary!.object.metadata.name
        }`,
        plan,
      ]),
  );

  // The policy model is the index's own: its workloads and Services name the index's workloads by the same ref objects.
  const workloadOfRef = new Map(index.workloads.map(w => [w.ref, w]));
  // The Services selecting each workload, found once: a filter per workload made the analysis quadratic.
  const servicesOf = new Map<ObjectRef, PolicyModel['services']>();
  for (const service of policy.services)
    for (const ref of new Set(service.workloads)) {
      const list = servicesOf.get(ref);
      if (list) list.push(service);
      else servicesOf.set(ref, [service]);
    }

  const result: ReachabilityResult = {
    workloads: [],
    hboneOnly: new Set(),
    workloadOf: new Map(),
  };
  for (const workloadPolicy of policy.workloads) {
    const workload = workloadOfRef.get(workloadPolicy.ref);
    if (!workload) continue;
    // Keys by name only where there are canaries or derived objects to look up.
    const key =
      world.canaries.length > 0 || world.derived.length > 0
        ? `${workloadPolicy.ref.kind}|${workloadPolicy.namespace}|${workloadPolicy.name}`
        : '';
    const ports = appPorts(workloadPolicy);
    const services = servicesOf.get(workloadPolicy.ref) ?? [];
    const waypoint = services.find(s => s.waypoint?.found)?.waypoint;
    const asPrimary = planOfPrimary.get(key);
    const asTarget = planOfTarget.get(key);
    const plan = asPrimary ?? asTarget;
    // A primary's callers are those its target's policies name: it serves the same service.
    const reference =
      (asPrimary &&
        directory.policyOf(
          byKey.get(
            `${asPrimary.target.object.kind}|${asPrimary.namespace}|${asPrimary.target.object.metadata.name}`,
          )!,
        )) ||
      workloadPolicy;
    const entries: ReachabilityEntry[] = [];
    // Isolated at one layer at least: NetworkPolicy selects it, or authorization restricts it. Asked once per workload.
    let isolatedWorkload: boolean | undefined;
    const isolated = () =>
      (isolatedWorkload ??=
        networkPolicies.isolating(workload).length > 0 ||
        workloadPolicy.authorization.outcome === 'restricted' ||
        workloadPolicy.authorization.outcome === 'deny-all');

    const check = (
      caller: CallerProfile,
      appPort: number,
      expected: ReachabilityEntry['expected'],
      portName?: string,
      /** The L7 verdict when the caller has already been judged with the same arguments. */
      judged?: ReachabilityVerdict,
    ) => {
      const scrape =
        caller.kind === 'prometheus' && workloadPolicy.dataplane === 'sidecar';
      const hbone =
        !scrape &&
        caller.mtls &&
        (workloadPolicy.dataplane === 'ambient' || caller.ambient === true);
      const port = hbone ? HBONE_PORT : appPort;
      // Behind a waypoint the connection reaches the pod from the waypoint's pods.
      const source: NetworkSource =
        hbone && waypoint
          ? {
              namespace: waypoint.namespace,
              podLabels: {
                'gateway.networking.k8s.io/gateway-name': waypoint.name,
              },
            }
          : { namespace: caller.namespace, podLabels: caller.podLabels };
      const l4 = networkPolicies.admits(workload, port, source);
      const l7 =
        judged ??
        l7Verdict(
          workloadPolicy,
          caller,
          appPort,
          trustDomain,
          scrape ? undefined : waypoint,
        );
      const reachable = combine(l4, l7);
      const entry: ReachabilityEntry = {
        caller: {
          kind: caller.kind,
          label: caller.label,
          namespace: caller.namespace,
          ...(caller.serviceAccount
            ? { serviceAccount: caller.serviceAccount }
            : {}),
          mtls: caller.mtls,
          ...(caller.ambient ? { ambient: true } : {}),
        },
        port,
        ...(hbone ? { appPort } : {}),
        ...(portName ? { portName } : {}),
        l4,
        l7,
        reachable,
        expected,
      };
      if (expected === 'reachable' && reachable === 'no')
        entry.flag = 'blocked';
      if (expected === 'blocked' && reachable === 'yes' && isolated())
        entry.flag = 'open';
      if (
        hbone &&
        l4.verdict === 'deny' &&
        networkPolicies.admits(workload, appPort, source).verdict === 'allow'
      )
        result.hboneOnly.add(entry);
      entries.push(entry);
    };

    for (const caller of declaredCallers(directory, reference)) {
      for (const { port, name } of ports) {
        // Declared on this port when the policies of the service (the target's, for a primary) allow it.
        const declared = l7Verdict(
          reference,
          caller,
          port,
          trustDomain,
          waypoint,
          true,
        );
        if (declared.verdict === 'deny') continue;
        // The workload's own verdict is the same one when it is the reference and the caller speaks mTLS.
        const same = reference === workloadPolicy && caller.mtls === true;
        check(caller, port, 'reachable', name, same ? declared : undefined);
      }
    }
    const canaryGateways = plan
      ? (Array.isArray(plan.canary.object.spec?.service?.gateways)
          ? (plan.canary.object.spec.service.gateways as unknown[])
          : []
        )
          .filter((g): g is string => typeof g === 'string' && g !== 'mesh')
          .map(g => (g.includes('/') ? g : `${plan.namespace}/${g}`))
      : [];
    for (const caller of gatewayCallers(
      index,
      directory,
      new Set(services.flatMap(s => s.hosts)),
      new Set(services.map(s => `${s.namespace}/${s.name}`)),
      canaryGateways,
      options,
    ))
      for (const { port, name } of ports)
        check(caller, port, 'reachable', name);
    if (workloadPolicy.dataplane === 'sidecar')
      for (const port of SIDECAR_SCRAPE_PORTS)
        check(prometheus, port, 'reachable');
    else {
      const port = annotatedScrapePort(workload);
      if (port !== undefined) check(prometheus, port, 'reachable');
    }
    if (asTarget) {
      const servicePort = asTarget.canary.object.spec?.service;
      const target = servicePort?.targetPort ?? servicePort?.port;
      const resolved =
        typeof target === 'string' && !/^\d+$/.test(target)
          ? workloadPolicy.ports.find(p => p.name === target)?.port
          : Number(target);
      if (resolved && Number.isInteger(resolved))
        for (const caller of loadTesterCallers(
          directory,
          index,
          asTarget,
          options,
        ))
          check(caller, resolved, 'reachable');
    }
    for (const { port, name } of ports) check(anyone, port, 'blocked', name);

    const generatedBy = derivedNames.get(key);
    const reachability: WorkloadReachability = {
      workload: workloadPolicy.ref,
      namespace: workloadPolicy.namespace,
      name: workloadPolicy.name,
      ...(generatedBy ? { generatedBy } : {}),
      entries,
    };
    result.workloads.push(reachability);
    result.workloadOf.set(reachability, workload);
  }
  return result;
}

/**
 * Who can reach each workload and port of a world at L4 and L7, after
 * Flagger has acted on its Canaries (see {@link deriveFlaggerWorld}).
 * @public
 */
export function computeReachability(
  objects: Array<SourcedObject | KubernetesObject>,
  options: ComputeReachabilityOptions = {},
): WorkloadReachability[] {
  const world = deriveFlaggerWorld(toSourced(objects));
  const index = new MeshIndex(
    world.objects,
    options.rootNamespace ?? 'istio-system',
  );
  return reachabilityOf(index, resolveIndexPolicy(index), world, options)
    .workloads;
}
