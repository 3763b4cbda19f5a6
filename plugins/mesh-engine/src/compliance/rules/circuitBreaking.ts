import { isRecord } from '../../objects';
import type { ComplianceRule } from '../complianceRule';

/** MP2007: a traffic policy for the service sets outlier detection and connection-pool limits. */
export const circuitBreaking: ComplianceRule = {
  code: 'MP2007',
  prepare:
    () =>
    ({ canary, destinationRules }) => {
      const policies = canary
        ? [canary.object.spec?.service?.trafficPolicy]
        : destinationRules.map(rule => rule.object.spec?.trafficPolicy);
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
};
