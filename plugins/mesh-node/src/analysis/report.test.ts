import { finding } from '../findings';
import { applyRulePolicy, Reporter } from './report';

describe('applyRulePolicy', () => {
  const findings = [
    finding('MP1101', 'host missing'),
    finding('MP2004', 'no NetworkPolicy'),
    finding('MP1124', 'no AuthorizationPolicy'),
  ];

  it('drops disabled rules and overrides severities, leaving the input as it was', () => {
    const before = JSON.stringify(findings);
    const result = applyRulePolicy(findings, {
      disabled: ['MP2004'],
      severities: { MP1124: 'error' },
    });
    expect(result.map(f => [f.code, f.severity])).toEqual([
      ['MP1101', findings[0].severity],
      ['MP1124', 'error'],
    ]);
    expect(JSON.stringify(findings)).toBe(before);
  });

  it('gives the same findings as a Reporter that applied the policy while collecting', () => {
    const policy = {
      disabled: ['MP2004'],
      severities: { MP1124: 'error' as const, MP1101: 'info' as const },
    };
    const reporter = new Reporter(policy);
    for (const item of findings) reporter.report(item.code, item.message);
    expect(applyRulePolicy(findings, policy)).toEqual(reporter.findings);
  });

  it('ignores severities named by inherited keys', () => {
    const severities = JSON.parse('{"__proto__": {"MP1101": "info"}}');
    expect(applyRulePolicy(findings, { severities })[0].severity).toBe(
      findings[0].severity,
    );
  });

  it('returns the findings unchanged without a policy', () => {
    expect(applyRulePolicy(findings, undefined)).toBe(findings);
  });
});
