import { ComplianceReport } from '@meshpath/plugin-mesh-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MeshApi } from '../../api';
import {
  permissionsAllowing,
  renderForPayments,
} from '../../api/__testUtils__/meshTestApp';
import { ComplianceCard } from './ComplianceCard';

const report: ComplianceReport = {
  frameworks: [
    {
      framework: 'SOC2',
      passed: 7,
      failed: 1,
      waived: 1,
      score: 0.875,
      controls: [
        { control: 'CC6.1', passed: 3, failed: 1, waived: 0 },
        { control: 'CC6.6', passed: 2, failed: 0, waived: 1 },
        { control: 'CC7.2', passed: 2, failed: 0, waived: 0 },
      ],
    },
    {
      framework: 'GDPR',
      passed: 0,
      failed: 0,
      waived: 0,
      score: null,
      controls: [],
    },
  ],
  findings: [
    {
      code: 'MP1101',
      severity: 'error',
      message: 'Port 8080 accepts plaintext',
      object: {
        apiVersion: 'v1',
        kind: 'Service',
        namespace: 'payments',
        name: 'payments',
      },
      references: {},
      controls: [{ framework: 'SOC2', control: 'CC6.1' }],
      remediation: 'Set STRICT',
    },
    {
      code: 'MP2001',
      severity: 'warning',
      message: 'No default-deny',
      references: {},
      controls: [{ framework: 'SOC2', control: 'CC6.6' }],
      remediation: 'Add one',
      waiverId: 'w1',
    },
  ],
};

const meshApi: Partial<MeshApi> = {
  getHistory: async () => [
    {
      metric: 'compliance:SOC2',
      value: 0.75,
      recordedAt: '2026-11-01T00:00:00Z',
    },
    {
      metric: 'slo:availability:budget',
      value: 0.5,
      recordedAt: '2026-11-01T00:00:00Z',
    },
    {
      metric: 'compliance:SOC2',
      value: 0.875,
      recordedAt: '2026-11-20T00:00:00Z',
    },
  ],
  listWaivers: async () => [],
};

describe('ComplianceCard', () => {
  it('shows each framework with its score and trend, and each control with the findings behind it', async () => {
    await renderForPayments(<ComplianceCard report={report} />, {
      meshApi,
      permissions: permissionsAllowing(['mesh.waiver.request']).api,
    });

    const frameworks = screen.getByRole('table', { name: 'Compliance' });
    const soc2 = within(frameworks).getByRole('row', { name: /SOC 2/ });
    expect(within(soc2).getByText('88%')).toBeInTheDocument();
    expect(
      await within(soc2).findByText(/^up 13 points since/),
    ).toBeInTheDocument();
    const gdpr = within(frameworks).getByRole('row', { name: /GDPR/ });
    expect(within(gdpr).getByText('no check applies')).toBeInTheDocument();
    expect(within(gdpr).getByText('no history yet')).toBeInTheDocument();

    await userEvent.click(
      within(soc2).getByRole('button', { name: 'Show controls' }),
    );
    const controls = screen.getByRole('table', { name: 'Controls of SOC 2' });
    const cc61 = within(controls).getByRole('row', { name: /CC6\.1/ });
    expect(within(cc61).getByText('fail')).toBeInTheDocument();
    expect(
      within(cc61).getByText(
        /MP1101 Service payments\/payments: Port 8080 accepts plaintext/,
      ),
    ).toBeInTheDocument();
    expect(
      within(cc61).getByRole('button', { name: 'Request a waiver' }),
    ).toBeEnabled();
    const cc66 = within(controls).getByRole('row', { name: /CC6\.6/ });
    expect(within(cc66).getAllByText(/waived/).length).toBeGreaterThan(0);
    expect(within(cc66).queryByRole('button')).not.toBeInTheDocument();
    const cc72 = within(controls).getByRole('row', { name: /CC7\.2/ });
    expect(within(cc72).getByText('pass')).toBeInTheDocument();
    expect(within(cc72).getByText('none open')).toBeInTheDocument();
  });

  it('says nothing was evaluated rather than showing an empty, compliant-looking table', async () => {
    await renderForPayments(
      <ComplianceCard report={{ frameworks: [], findings: [] }} />,
      { meshApi },
    );
    expect(screen.getByText(/Not evaluated/)).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Compliance' }),
    ).not.toBeInTheDocument();
  });
});
