import type { IndexedObject, Workload } from '../analysis/meshIndex';
import { policySelector, usesTargetRefs } from '../analysis/policyScopes';
import type { CheckContext } from './context';

const httpMethods = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);
const isPattern = (value: string) =>
  value === '*' || value.startsWith('*') || value.endsWith('*');

/** `cluster.local/ns/orders/sa/orders` → `orders/orders` (namespace/service account). */
export function serviceAccountOfPrincipal(
  principal: string,
): string | undefined {
  const match = /^[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

export function checkPolicySelectors(context: CheckContext) {
  const { index, report } = context;
  const policies = [
    ...index.istio('AuthorizationPolicy'),
    ...index.istio('PeerAuthentication'),
    ...index.istio('RequestAuthentication'),
    ...index.istio('Sidecar'),
  ];
  for (const policy of policies) {
    if (usesTargetRefs(policy)) continue;
    const selector = policySelector(policy);
    if (!selector) continue;
    if (index.matchWorkloads(policy.namespace, selector).length === 0) {
      const labels = Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      report.report(
        'MP1114',
        `${policy.ref.kind} selects ${labels} in ${policy.namespace}, which matches no workload`,
        policy,
      );
    }
  }
}

export function checkAuthorizationPolicyRules(context: CheckContext) {
  const { index, report } = context;
  for (const policy of index.istio('AuthorizationPolicy')) {
    for (const rule of policy.object.spec?.rules ?? []) {
      for (const from of rule?.from ?? []) {
        const source = from?.source ?? {};
        for (const namespace of [
          ...(source.namespaces ?? []),
          ...(source.notNamespaces ?? []),
        ]) {
          if (
            typeof namespace === 'string' &&
            !isPattern(namespace) &&
            !index.namespaceNames.has(namespace)
          ) {
            report.report(
              'MP1117',
              `Source namespace ${namespace} does not exist`,
              policy,
            );
          }
        }
        for (const principal of [
          ...(source.principals ?? []),
          ...(source.notPrincipals ?? []),
        ]) {
          if (typeof principal !== 'string' || isPattern(principal)) continue;
          const account = serviceAccountOfPrincipal(principal);
          if (account && !index.serviceAccounts.has(account)) {
            report.report(
              'MP1119',
              `Principal ${principal} names service account ${account}, which does not exist`,
              policy,
            );
          }
        }
      }
      for (const to of rule?.to ?? []) {
        const operation = to?.operation ?? {};
        for (const method of [
          ...(operation.methods ?? []),
          ...(operation.notMethods ?? []),
        ]) {
          if (
            typeof method === 'string' &&
            method !== '*' &&
            !httpMethods.has(method)
          ) {
            report.report(
              'MP1118',
              `${method} is not an HTTP method (methods are upper case)`,
              policy,
            );
          }
        }
      }
    }
  }
}

export function checkAuthorizationCoverage(context: CheckContext) {
  const { index, report, authorizationPolicies } = context;
  const covered = (workload: Workload) =>
    authorizationPolicies.allFor(workload).length > 0;
  for (const workload of index.workloads) {
    if (
      workload.namespace === index.rootNamespace ||
      workload.namespace.startsWith('kube-')
    )
      continue;
    if (!covered(workload)) {
      report.report(
        'MP1124',
        `${workload.ref.kind} ${workload.ref.name} is covered by no AuthorizationPolicy: any workload in the mesh may call it`,
        workload as Pick<IndexedObject, 'ref' | 'source'>,
      );
    }
  }
}
