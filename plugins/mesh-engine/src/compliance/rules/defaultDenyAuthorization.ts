import { isAllowAll, isDenyAll } from '../../analysis/policyScopes';
import type { ComplianceRule } from '../complianceRule';

/** MP2002: the namespace denies by default and no policy allows every caller. */
export const defaultDenyAuthorization: ComplianceRule = {
  code: 'MP2002',
  prepare: context => facts => {
    const { service, workloads } = facts;
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
};
