import type { ComplianceRule } from '../complianceRule';

/** MP2005: every HTTP route to the service (or its Canary) sets a timeout. */
export const routeTimeouts: ComplianceRule = {
  code: 'MP2005',
  prepare:
    () =>
    ({ canary, routes }) => {
      if (canary) {
        return canary.object.spec?.service?.timeout
          ? { passed: true, message: 'the Canary sets a timeout' }
          : {
              passed: false,
              message: `Canary ${canary.ref.name} sets no service.timeout`,
            };
      }
      if (routes.length === 0)
        return {
          passed: false,
          message: 'no VirtualService sets a timeout for this service',
        };
      const missing = routes.filter(route => !route?.timeout).length;
      return missing === 0
        ? { passed: true, message: 'every HTTP route has a timeout' }
        : {
            passed: false,
            message: `${missing} HTTP route(s) have no timeout`,
          };
    },
};
