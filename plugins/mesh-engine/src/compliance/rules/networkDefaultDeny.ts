import { selectsEverything } from '../../analysis/labelSelector';
import type { ComplianceRule } from '../complianceRule';

/** MP2004: a NetworkPolicy in the namespace denies all ingress to every pod by default. */
export const networkDefaultDeny: ComplianceRule = {
  code: 'MP2004',
  prepare: context => {
    const defaultDeny = new Set(
      context.index
        .ofKind('networking.k8s.io/NetworkPolicy')
        .filter(policy => {
          const spec = policy.object.spec ?? {};
          const types: string[] = spec.policyTypes ?? ['Ingress'];
          return (
            selectsEverything(spec.podSelector) &&
            types.includes('Ingress') &&
            (!Array.isArray(spec.ingress) || spec.ingress.length === 0)
          );
        })
        .map(policy => policy.namespace),
    );
    return ({ service }) =>
      defaultDeny.has(service.namespace)
        ? { passed: true, message: 'NetworkPolicy denies ingress by default' }
        : {
            passed: false,
            message: `namespace ${service.namespace} has no default-deny NetworkPolicy`,
          };
  },
};
