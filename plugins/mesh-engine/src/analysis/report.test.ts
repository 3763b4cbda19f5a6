import type { MeshRuleCode } from '@meshpath/plugin-mesh-common';
import { finding } from '../ruleFinding';
import { applyRulePolicy, Reporter } from './report';

describe('applyRulePolicy', () => {
  const reported: Array<[MeshRuleCode, string]> = [
    ['MP1101', 'host missing'],
    ['MP2004', 'no NetworkPolicy'],
    ['MP1124', 'no AuthorizationPolicy'],
  ];
  const findings = reported.map(([code, message]) => finding(code, message));

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
    for (const [code, message] of reported) reporter.report(code, message);
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

describe('Reporter', () => {
  it('takes catalogue codes only: a typo does not compile, and throws if forced', () => {
    const reporter = new Reporter();
    // @ts-expect-error 'MP11l2' is not a MeshRuleCode
    expect(() => reporter.report('MP11l2', 'typo')).toThrow(
      'Unknown Meshpath rule code MP11l2',
    );
    expect(reporter.findings).toEqual([]);
  });
});
