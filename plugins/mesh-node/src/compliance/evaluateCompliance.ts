import { ControlRef, meshRule, ObjectRef } from '@meshpath/plugin-mesh-common';
import { resolveHost } from '../analysis/hosts';
import { selectorMatches, selectsEverything } from '../analysis/labelSelector';
import type { IndexedObject, Workload } from '../analysis/meshIndex';
import { isAllowAll, isDenyAll, policySelector } from '../analysis/policies';
import { canaries, canaryHost, hasHealthGates } from '../checks/flagger';
import type { CheckContext } from '../checks/context';
import { isEnrolled } from '../checks/services';
import { destinationsOf, gatewaysOf } from '../checks/virtualServices';
import { isRecord } from '../objects';

/**
 * The outcome of one compliance rule for one service.
 * @public
 */
export interface ComplianceResult {
  code: string;
  /** The Service the rule was checked for. */
  subject: ObjectRef;
  passed: boolean;
  controls: ControlRef[];
  message: string;
}

/** Limits a golden path sets on what compliant configuration looks like. @public */
export interface ComplianceLimits {
  /** Most retry attempts a route may make; 3 unless the preset says otherwise. */
  maxRetryAttempts?: number;
}

/** Label that ties a PrometheusRule with SLO rules to the service it measures. @public */
export const SLO_LABEL = 'meshpath.io/slo';

const skippedNamespaces = (name: string, root: string) =>
  name === root || name.startsWith('kube-');

interface ServiceFacts {
  service: IndexedObject;
  host: string;
  workloads: Workload[];
  routes: any[];
  canary?: IndexedObject;
  destinationRules: IndexedObject[];
}

/** What compliance needs per service, gathered in one pass over routes and rules. */
function gatherFacts(context: CheckContext): ServiceFacts[] {
  const { index } = context;
  const routesByHost = new Map<string, any[]>();
  for (const virtualService of index.istio('VirtualService')) {
    if (!gatewaysOf(virtualService).includes('mesh')) continue;
    for (const host of virtualService.object.spec?.hosts ?? []) {
      const resolved = resolveHost(String(host), virtualService.namespace);
      const list = routesByHost.get(resolved) ?? [];
      list.push(...(virtualService.object.spec?.http ?? []));
      routesByHost.set(resolved, list);
    }
  }
  const rulesByHost = new Map<string, IndexedObject[]>();
  for (const rule of index.istio('DestinationRule')) {
    if (typeof rule.object.spec?.host !== 'string') continue;
    const host = resolveHost(rule.object.spec.host, rule.namespace);
    rulesByHost.set(host, [...(rulesByHost.get(host) ?? []), rule]);
  }
  const canaryByHost = new Map(canaries(context).map(c => [canaryHost(c), c]));

  const facts: ServiceFacts[] = [];
  for (const service of index.services.values()) {
    if (skippedNamespaces(service.namespace, index.rootNamespace)) continue;
    if (!isRecord(service.object.spec?.selector)) continue;
    const host = resolveHost(service.ref.name, service.namespace);
    facts.push({
      service,
      host,
      workloads: index.workloadsOfService(service),
      routes: routesByHost.get(host) ?? [],
      canary: canaryByHost.get(host),
      destinationRules: rulesByHost.get(host) ?? [],
    });
  }
  return facts;
}

/** Services reachable through an ingress Gateway (Istio or Gateway API), by host. */
function exposedHosts(context: CheckContext): Set<string> {
  const { index } = context;
  const exposed = new Set<string>();
  for (const virtualService of index.istio('VirtualService')) {
    if (gatewaysOf(virtualService).every(g => g === 'mesh')) continue;
    for (const destination of destinationsOf(virtualService)) {
      if (typeof destination.host === 'string')
        exposed.add(resolveHost(destination.host, virtualService.namespace));
    }
  }
  for (const route of index.ofKind('gateway.networking.k8s.io/HTTPRoute')) {
    if (
      !(route.object.spec?.parentRefs ?? []).some(
        (p: any) => (p?.kind ?? 'Gateway') === 'Gateway',
      )
    )
      continue;
    for (const rule of route.object.spec?.rules ?? []) {
      for (const backend of rule?.backendRefs ?? []) {
        exposed.add(
          resolveHost(
            `${backend?.name}.${backend?.namespace ?? route.namespace}`,
            route.namespace,
          ),
        );
      }
    }
  }
  for (const canary of canaries(context)) {
    const gateways: string[] = canary.object.spec?.service?.gateways ?? [];
    if (gateways.some(g => g !== 'mesh')) exposed.add(canaryHost(canary));
  }
  return exposed;
}

type Verdict = { passed: boolean; message: string } | undefined;

/**
 * Runs the compliance rules for every Service of the input. A rule that does
 * not apply to a service (JWT for a service that is not exposed) gives no result.
 */
export function evaluateCompliance(
  context: CheckContext,
  limits: ComplianceLimits = {},
): ComplianceResult[] {
  const { index, report } = context;
  const maxRetries = limits.maxRetryAttempts ?? 3;
  const exposed = exposedHosts(context);
  const networkPolicies = index.ofKind('networking.k8s.io/NetworkPolicy');
  const defaultDenyNetwork = new Set(
    networkPolicies
      .filter(policy => {
        const spec = policy.object.spec ?? {};
        const selectsAll = selectsEverything(spec.podSelector);
        const types: string[] = spec.policyTypes ?? ['Ingress'];
        return (
          selectsAll &&
          types.includes('Ingress') &&
          (!Array.isArray(spec.ingress) || spec.ingress.length === 0)
        );
      })
      .map(policy => policy.namespace),
  );
  const sloServices = new Set<string>();
  for (const rule of index.ofKind('monitoring.coreos.com/PrometheusRule')) {
    const service = rule.object.metadata.labels?.[SLO_LABEL];
    if (service) sloServices.add(`${rule.namespace}/${service}`);
  }
  for (const slo of index.ofKind('openslo/SLO')) {
    if (typeof slo.object.spec?.service === 'string')
      sloServices.add(`${slo.namespace}/${slo.object.spec.service}`);
  }

  const results: ComplianceResult[] = [];
  for (const facts of gatherFacts(context)) {
    const { service, workloads } = facts;
    const namespace = index.namespaces.get(service.namespace);
    const rules: Record<string, () => Verdict> = {
      MP2001: () => {
        if (namespace && !isEnrolled(namespace.object.metadata.labels)) {
          return {
            passed: false,
            message: `namespace ${service.namespace} is not enrolled in the mesh, so traffic is plaintext`,
          };
        }
        const subjects =
          workloads.length > 0
            ? workloads.map(w => context.mtls.forWorkload(w))
            : [context.mtls.forNamespace(service.namespace)];
        for (const mtls of subjects) {
          const policy = mtls.decidedBy.ref;
          if (mtls.mode !== 'STRICT')
            return {
              passed: false,
              message: `mTLS is ${mtls.mode}${
                policy
                  ? ` (PeerAuthentication ${policy.namespace}/${policy.name})`
                  : ' (no PeerAuthentication: Istio accepts plaintext)'
              }`,
            };
          const weak = mtls.ports.find(p => p.mode !== 'STRICT');
          if (weak)
            return {
              passed: false,
              message: `port ${weak.port} overrides mTLS to ${weak.mode}`,
            };
        }
        return { passed: true, message: 'STRICT mTLS is in effect' };
      },
      MP2002: () => {
        const scopes = context.authorizationPolicies.forNamespace(
          service.namespace,
        );
        const denyAll = [...scopes.namespace, ...scopes.mesh].some(isDenyAll);
        if (!denyAll)
          return {
            passed: false,
            message: `namespace ${service.namespace} has no default-deny AuthorizationPolicy`,
          };
        const allowAll = workloads
          .flatMap(w => context.authorizationPolicies.allFor(w))
          .find(isAllowAll);
        if (allowAll)
          return {
            passed: false,
            message: `AuthorizationPolicy ${allowAll.namespace}/${allowAll.ref.name} allows every caller`,
          };
        return {
          passed: true,
          message: 'deny by default, callers allowed by name',
        };
      },
      MP2003: () => {
        if (!exposed.has(facts.host)) return undefined;
        const applies = (policy: IndexedObject) => {
          const selector = policySelector(policy);
          return (
            !selector ||
            workloads.some(w => selectorMatches(selector, w.labels))
          );
        };
        const inScope = (policy: IndexedObject) =>
          (policy.namespace === service.namespace ||
            policy.namespace === index.rootNamespace) &&
          applies(policy);
        const hasRequestAuthentication = index
          .istio('RequestAuthentication')
          .some(inScope);
        const requiresToken = index
          .istio('AuthorizationPolicy')
          .filter(inScope)
          .some(policy =>
            (policy.object.spec?.rules ?? []).some((rule: any) =>
              (rule?.from ?? []).some(
                (from: any) =>
                  ((policy.object.spec?.action ?? 'ALLOW') === 'ALLOW' &&
                    (from?.source?.requestPrincipals ?? []).length > 0) ||
                  (policy.object.spec?.action === 'DENY' &&
                    (from?.source?.notRequestPrincipals ?? []).length > 0),
              ),
            ),
          );
        if (!hasRequestAuthentication)
          return {
            passed: false,
            message:
              'exposed through a Gateway without a RequestAuthentication',
          };
        if (!requiresToken)
          return {
            passed: false,
            message:
              'a RequestAuthentication alone lets requests without a token through: no AuthorizationPolicy requires requestPrincipals',
          };
        return {
          passed: true,
          message: 'requests through the Gateway need a valid JWT',
        };
      },
      MP2004: () =>
        defaultDenyNetwork.has(service.namespace)
          ? { passed: true, message: 'NetworkPolicy denies ingress by default' }
          : {
              passed: false,
              message: `namespace ${service.namespace} has no default-deny NetworkPolicy`,
            },
      MP2005: () => {
        if (facts.canary) {
          return facts.canary.object.spec?.service?.timeout
            ? { passed: true, message: 'the Canary sets a timeout' }
            : {
                passed: false,
                message: `Canary ${facts.canary.ref.name} sets no service.timeout`,
              };
        }
        if (facts.routes.length === 0)
          return {
            passed: false,
            message: 'no VirtualService sets a timeout for this service',
          };
        const missing = facts.routes.filter(route => !route?.timeout).length;
        return missing === 0
          ? { passed: true, message: 'every HTTP route has a timeout' }
          : {
              passed: false,
              message: `${missing} HTTP route(s) have no timeout`,
            };
      },
      MP2006: () => {
        const retries = facts.canary
          ? [facts.canary.object.spec?.service?.retries]
          : facts.routes.map(route => route?.retries);
        if (retries.length === 0)
          return {
            passed: false,
            message:
              'no route bounds its retries (Istio retries twice by default, without a per-try timeout)',
          };
        for (const policy of retries) {
          if (!isRecord(policy))
            return {
              passed: false,
              message:
                'a route leaves retries at Istio’s default, without a per-try timeout',
            };
          if (
            typeof policy.attempts === 'number' &&
            policy.attempts > maxRetries
          )
            return {
              passed: false,
              message: `${policy.attempts} retry attempts exceed the limit of ${maxRetries}`,
            };
          if (policy.attempts !== 0 && !policy.perTryTimeout)
            return { passed: false, message: 'retries have no perTryTimeout' };
        }
        return {
          passed: true,
          message: `retries are bounded (at most ${maxRetries}) with a per-try timeout`,
        };
      },
      MP2007: () => {
        const policies = facts.canary
          ? [facts.canary.object.spec?.service?.trafficPolicy]
          : facts.destinationRules.map(rule => rule.object.spec?.trafficPolicy);
        const complete = policies.some(
          policy =>
            isRecord(policy) &&
            isRecord(policy.outlierDetection) &&
            isRecord(policy.connectionPool),
        );
        return complete
          ? {
              passed: true,
              message: 'outlier detection and connection-pool limits are set',
            }
          : {
              passed: false,
              message:
                'no traffic policy sets both outlierDetection and connectionPool',
            };
      },
      MP2008: () => {
        if (!facts.canary)
          return {
            passed: false,
            message: 'no Flagger Canary delivers this service',
          };
        return hasHealthGates(facts.canary)
          ? {
              passed: true,
              message: `Canary ${facts.canary.ref.name} gates on success rate and latency`,
            }
          : {
              passed: false,
              message: `Canary ${facts.canary.ref.name} lacks request-success-rate or request-duration gates`,
            };
      },
      MP2009: () =>
        sloServices.has(`${service.namespace}/${service.ref.name}`)
          ? { passed: true, message: 'an SLO is declared' }
          : {
              passed: false,
              message: `no SLO is declared (PrometheusRule labelled ${SLO_LABEL}=${service.ref.name}, or OpenSLO)`,
            },
    };

    for (const [code, evaluate] of Object.entries(rules)) {
      if (!report.enabled(code)) continue;
      const verdict = evaluate();
      if (!verdict) continue;
      const rule = meshRule(code);
      results.push({
        code,
        subject: service.ref,
        passed: verdict.passed,
        controls: rule.controls,
        message: verdict.message,
      });
      if (!verdict.passed) report.report(code, verdict.message, service);
    }
  }
  return results;
}
