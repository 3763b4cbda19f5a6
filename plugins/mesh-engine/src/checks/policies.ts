import { selectorMatches } from '../analysis/labelSelector';
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
/**
 * Istio's string match: exact, prefix (`abc*`), suffix (`*abc`) or presence
 * (`*`). Whether some of the candidates matches the value.
 */
function matchesSome(value: string, candidates: Iterable<string>): boolean {
  if (value === '*') return true;
  // As Istio reads it: a leading `*` makes a suffix match (so `*a*` matches the literal `a*`).
  let matches = (candidate: string) => candidate === value;
  if (value.startsWith('*'))
    matches = candidate => candidate.endsWith(value.slice(1));
  else if (value.endsWith('*'))
    matches = candidate => candidate.startsWith(value.slice(0, -1));
  for (const candidate of candidates) if (matches(candidate)) return true;
  return false;
}

/** `cluster.local/ns/orders/sa/orders` → `orders/orders` (namespace/service account). */
function serviceAccountOfPrincipal(principal: string): string | undefined {
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
    // A selector in the root namespace selects across the mesh.
    const matched =
      policy.namespace === index.rootNamespace && policy.ref.kind !== 'Sidecar'
        ? index.workloads.some(w => selectorMatches(selector, w.labels))
        : index.matchWorkloads(policy.namespace, selector).length > 0;
    if (!matched) {
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
  let principals: string[] | undefined;
  // Patterns are matched against the principals of the known service accounts, in the default trust domain.
  const knownPrincipals = () =>
    (principals ??= [...index.serviceAccounts].map(account => {
      const [namespace, name] = account.split('/');
      return `cluster.local/ns/${namespace}/sa/${name}`;
    }));
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
            !matchesSome(namespace, index.namespaceNames)
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
          if (typeof principal !== 'string') continue;
          if (principal.startsWith('*') || principal.endsWith('*')) {
            if (!matchesSome(principal, knownPrincipals()))
              report.report(
                'MP1119',
                `Principal pattern ${principal} matches no service account`,
                policy,
              );
            continue;
          }
          const account = serviceAccountOfPrincipal(principal);
          if (!account)
            report.report(
              'MP1119',
              `Principal ${principal} names no service account (<trust domain>/ns/<namespace>/sa/<service account>)`,
              policy,
            );
          else if (!index.serviceAccounts.has(account)) {
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
            !matchesSome(method.trim(), httpMethods)
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
