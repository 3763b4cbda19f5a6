import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { paymentsState } from '../../__fixtures__/entityMeshState';
import { ComplianceCard } from './ComplianceCard';

describe('ComplianceCard', () => {
  it('shows framework scores and the open findings with their remediation', async () => {
    renderInTestApp(<ComplianceCard report={paymentsState.compliance} />);

    expect(await screen.findByText('SOC 2')).toBeInTheDocument();
    expect(screen.getByText('88%')).toBeInTheDocument();
    expect(screen.getByText('no check applies')).toBeInTheDocument();
    expect(screen.getByText('1 open findings')).toBeInTheDocument();
    expect(
      screen.getByText(/The HTTP route has no timeout/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Fix: Set spec.http[].timeout'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/No NetworkPolicy default-deny/),
    ).not.toBeInTheDocument();
    expect(screen.getByText('1 findings are waived.')).toBeInTheDocument();
  });

  it('says nothing was evaluated rather than showing an empty, compliant-looking table', async () => {
    renderInTestApp(
      <ComplianceCard
        report={{ ...paymentsState.compliance, frameworks: [], findings: [] }}
      />,
    );
    expect(
      await screen.findByText(/Not evaluated: Meshpath found no live objects/),
    ).toBeInTheDocument();
    expect(screen.queryByText('No open finding')).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
