import { hasHealthGates, metricTemplates } from '../../checks/flagger';
import type { ComplianceRule } from '../complianceRule';

/** MP2008: a Flagger Canary delivers the service and gates on success rate and latency. */
export const progressiveDelivery: ComplianceRule = {
  code: 'MP2008',
  prepare: context => {
    const templates = metricTemplates(context);
    return ({ canary }) => {
      if (!canary)
        return {
          passed: false,
          message: 'no Flagger Canary delivers this service',
        };
      return hasHealthGates(canary, templates)
        ? {
            passed: true,
            message: `Canary ${canary.ref.name} gates on success rate and latency`,
          }
        : {
            passed: false,
            message: `Canary ${canary.ref.name} lacks success-rate or latency gates (built-in or MetricTemplates)`,
          };
    };
  },
};
