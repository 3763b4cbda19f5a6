import type { Waiver } from '@meshpath/plugin-mesh-common';
import { ScoredChecks, scoreCompliance } from './compliance';

const subject = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  namespace: 'shop',
  name,
});
const soc2 = { framework: 'SOC2' as const, control: 'CC6.1' };
const pci = { framework: 'PCI-DSS-4.0' as const, control: '4.2.1' };

const result: ScoredChecks = {
  compliance: [
    {
      code: 'MP1101',
      subject: subject('checkout'),
      passed: false,
      controls: [soc2, pci],
      message: 'mTLS not strict',
    },
    {
      code: 'MP1102',
      subject: subject('checkout'),
      passed: true,
      controls: [soc2],
      message: 'ok',
    },
    {
      code: 'MP2001',
      subject: subject('checkout'),
      passed: false,
      controls: [soc2],
      message: 'no authz',
    },
  ],
  findings: [
    {
      code: 'MP1101',
      severity: 'error',
      message: 'mTLS not strict',
      object: subject('checkout'),
      references: {},
      controls: [soc2, pci],
      remediation: 'Set STRICT',
    },
    {
      code: 'MP2001',
      severity: 'warning',
      message: 'no authz',
      object: subject('checkout'),
      references: {},
      controls: [soc2],
      remediation: 'Add a policy',
    },
  ],
};

const waiver = (ruleCode: string, objectRef?: string): Waiver => ({
  id: `w-${ruleCode}`,
  entityRef: 'component:default/checkout',
  ruleCode,
  ...(objectRef ? { objectRef } : {}),
  reason: 'accepted',
  status: 'approved',
  createdBy: 'user:default/ann',
  createdAt: '2026-11-01T00:00:00.000Z',
  expiresAt: '2026-12-01T00:00:00.000Z',
});

describe('scoreCompliance', () => {
  it('scores each framework and control', () => {
    const report = scoreCompliance(result, []);
    expect(report.frameworks).toEqual([
      {
        framework: 'PCI-DSS-4.0',
        passed: 0,
        failed: 1,
        waived: 0,
        score: 0,
        controls: [{ control: '4.2.1', passed: 0, failed: 1, waived: 0 }],
      },
      {
        framework: 'SOC2',
        passed: 1,
        failed: 2,
        waived: 0,
        score: 1 / 3,
        controls: [{ control: 'CC6.1', passed: 1, failed: 2, waived: 0 }],
      },
    ]);
    expect(report.findings.every(f => f.waiverId === undefined)).toBe(true);
  });

  it('counts waived checks as waived and marks the findings, for the waived object only', () => {
    const report = scoreCompliance(result, [
      waiver('MP1101'),
      waiver('MP2001', 'Service/shop/payments'),
    ]);
    const soc = report.frameworks.find(f => f.framework === 'SOC2')!;
    expect([soc.passed, soc.failed, soc.waived, soc.score]).toEqual([
      1,
      1,
      1,
      2 / 3,
    ]);
    expect(report.findings.map(f => [f.code, f.waiverId])).toEqual([
      ['MP1101', 'w-MP1101'],
      ['MP2001', undefined],
    ]);
  });
});
