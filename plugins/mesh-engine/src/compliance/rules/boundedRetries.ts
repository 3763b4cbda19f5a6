import { isRecord } from '../../objects';
import type { ComplianceRule } from '../complianceRule';

/** Most retry attempts a route may make: Istio's own default is 2. */
const MAX_RETRY_ATTEMPTS = 3;

/** MP2006: retries bounded by MAX_RETRY_ATTEMPTS, each with a per-try timeout. */
export const boundedRetries: ComplianceRule = {
  code: 'MP2006',
  prepare:
    () =>
    ({ canary, routes }) => {
      const retries = canary
        ? [canary.object.spec?.service?.retries]
        : routes.map(route => route?.retries);
      if (retries.length === 0)
        return {
          passed: false,
          message:
            'no route bounds its retries (Istio retries twice by default, without a per-try timeout)',
        };
      for (const policy of retries) {
        if (!isRecord(policy))
          return {
            passed: false,
            message:
              'a route leaves retries at Istio’s default, without a per-try timeout',
          };
        if (
          typeof policy.attempts === 'number' &&
          policy.attempts > MAX_RETRY_ATTEMPTS
        )
          return {
            passed: false,
            message: `${policy.attempts} retry attempts exceed the limit of ${MAX_RETRY_ATTEMPTS}`,
          };
        if (policy.attempts !== 0 && !policy.perTryTimeout)
          return { passed: false, message: 'retries have no perTryTimeout' };
      }
      return {
        passed: true,
        message: `retries are bounded (at most ${MAX_RETRY_ATTEMPTS}) with a per-try timeout`,
      };
    },
};
