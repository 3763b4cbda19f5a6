import { resolveHost } from '../../analysis/hosts';
import { selectorMatches } from '../../analysis/labelSelector';
import type { IndexedObject } from '../../analysis/meshIndex';
import { policySelector } from '../../analysis/policyScopes';
import type { CheckContext } from '../../checks/context';
import { canaries, canaryHost } from '../../checks/flagger';
import { destinationsOf, gatewaysOf } from '../../checks/virtualServices';
import type { ComplianceRule } from '../complianceRule';

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

/** Whether an AuthorizationPolicy turns a request without a valid JWT away. */
function requiresToken(policy: IndexedObject): boolean {
  const action = policy.object.spec?.action ?? 'ALLOW';
  return (policy.object.spec?.rules ?? []).some((rule: any) =>
    (rule?.from ?? []).some(
      (from: any) =>
        (action === 'ALLOW' &&
          (from?.source?.requestPrincipals ?? []).length > 0) ||
        (action === 'DENY' &&
          (from?.source?.notRequestPrincipals ?? []).length > 0),
    ),
  );
}

/** MP2003: a service exposed through a Gateway requires a valid JWT; others are not judged. */
export const gatewayJwt: ComplianceRule = {
  code: 'MP2003',
  prepare: context => {
    const { index } = context;
    const exposed = exposedHosts(context);
    return ({ service, workloads, host }) => {
      if (!exposed.has(host)) return undefined;
      const inScope = (policy: IndexedObject) => {
        const selector = policySelector(policy);
        return (
          (policy.namespace === service.namespace ||
            policy.namespace === index.rootNamespace) &&
          (!selector ||
            workloads.some(w => selectorMatches(selector, w.labels)))
        );
      };
      if (!index.istio('RequestAuthentication').some(inScope))
        return {
          passed: false,
          message: 'exposed through a Gateway without a RequestAuthentication',
        };
      if (
        !index.istio('AuthorizationPolicy').filter(inScope).some(requiresToken)
      )
        return {
          passed: false,
          message:
            'a RequestAuthentication alone lets requests without a token through: no AuthorizationPolicy requires requestPrincipals',
        };
      return {
        passed: true,
        message: 'requests through the Gateway need a valid JWT',
      };
    };
  },
};
