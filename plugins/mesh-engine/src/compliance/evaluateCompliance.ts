import { meshRule } from '@meshpath/plugin-mesh-common';
import type { CheckContext } from '../checks/context';
import type { ComplianceResult } from './complianceRule';
import { complianceRules } from './rules';
import { gatherServiceFacts } from './serviceFacts';

/**
 * Runs the enabled compliance rules for every Service of the input. A rule
 * that does not apply to a service (JWT for a service that is not exposed)
 * gives no result.
 */
export function evaluateCompliance(context: CheckContext): ComplianceResult[] {
  const { report } = context;
  const rules = complianceRules
    .filter(rule => report.enabled(rule.code))
    .map(rule => ({
      rule,
      judge: rule.prepare(context),
      // Looked up once per rule, not once per service.
      controls: meshRule(rule.code).controls,
    }));
  const results: ComplianceResult[] = [];
  for (const facts of gatherServiceFacts(context)) {
    for (const { rule, judge, controls } of rules) {
      const verdict = judge(facts);
      if (!verdict) continue;
      results.push({
        code: rule.code,
        subject: facts.service.ref,
        passed: verdict.passed,
        controls,
        message: verdict.message,
      });
      if (!verdict.passed)
        report.report(rule.code, verdict.message, facts.service);
    }
  }
  return results;
}
