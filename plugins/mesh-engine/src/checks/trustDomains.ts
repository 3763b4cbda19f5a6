import { isRecord } from '../objects';
import type { CheckContext } from './context';

/** The trust domain of a SPIFFE principal (`<domain>/ns/<ns>/sa/<sa>`), when the policy enforces one. */
function enforcedTrustDomain(principal: unknown): string | undefined {
  if (typeof principal !== 'string') return undefined;
  const parts = principal.split('/');
  // Istio checks the domain only for five-part principals without a wildcard in it.
  if (parts.length !== 5 || parts[0].includes('*') || parts[0] === '')
    return undefined;
  return parts[0];
}

/** Every principal an AuthorizationPolicy names: sources and `source.principal` conditions. */
function principalsOf(spec: any): unknown[] {
  const principals: unknown[] = [];
  for (const rule of Array.isArray(spec?.rules) ? spec.rules : []) {
    for (const from of Array.isArray(rule?.from) ? rule.from : []) {
      const source = isRecord(from?.source) ? from.source : {};
      for (const field of ['principals', 'notPrincipals'])
        if (Array.isArray(source[field])) principals.push(...source[field]);
    }
    for (const when of Array.isArray(rule?.when) ? rule.when : []) {
      if (when?.key !== 'source.principal') continue;
      for (const field of ['values', 'notValues'])
        if (Array.isArray(when[field])) principals.push(...when[field]);
    }
  }
  return principals;
}

/**
 * MP1128: a principal in a trust domain that is neither the mesh's nor
 * `cluster.local` (Istio's name for the mesh's own): Istio keeps it as
 * written, and no identity of the mesh matches it.
 */
export function checkPrincipalTrustDomains(
  context: CheckContext,
  trustDomain: string,
) {
  for (const policy of context.index.istio('AuthorizationPolicy')) {
    const foreign = new Set<string>();
    for (const principal of principalsOf(policy.object.spec)) {
      const domain = enforcedTrustDomain(principal);
      if (domain && domain !== trustDomain && domain !== 'cluster.local')
        foreign.add(String(principal));
    }
    if (foreign.size === 0) continue;
    context.report.report(
      'MP1128',
      `${[...foreign].join(', ')} ${
        foreign.size === 1 ? 'is' : 'are'
      } not in the mesh's trust domain ${trustDomain} (nor cluster.local, which stands for it): no workload has that identity`,
      policy,
    );
  }
}
