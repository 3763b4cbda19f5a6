import { hasHealthGates } from '../../checks/flagger';
import type { ComplianceRule } from '../complianceRule';

/** MP2008: a Flagger Canary delivers the service and gates on success rate and latency. */
export const progressiveDelivery: ComplianceRule = {
  code: 'MP2008',
  prepare:
    () =>
    ({ canary }) => {
      if (!canary)
        return {
          passed: false,
          message: 'no Flagger Canary delivers this service',
        };
      return hasHealthGates(canary)
        ? {
            passed: true,
            message: `Canary ${canary.ref.name} gates on success rate and latency`,
          }
        : {
            passed: false,
            message: `Canary ${canary.ref.name} lacks request-success-rate or request-duration gates`,
          };
    },
};
