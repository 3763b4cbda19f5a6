import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { paymentsState } from '../../__fixtures__/entityMeshState';
import { TrafficCard } from './TrafficCard';

describe('TrafficCard', () => {
  it('shows routes with matches, weights, timeouts and retries, subsets, gateways and hosts', async () => {
    await renderInTestApp(<TrafficCard state={paymentsState} />);
    expect(
      screen.getByText(/2 routing objects\. 1 canary rollout in progress\./),
    ).toBeInTheDocument();
    const routes = screen.getByRole('table', { name: 'Routes' });
    const rows = within(routes).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(
      'uri prefix /apipayments (stable) 80%, payments (canary) 20%2s3 attempts, 500ms per try (5xx)',
    );
    expect(rows[2]).toHaveTextContent('everything elsepayments:80nonenone');
    expect(screen.getByText('istio-ingress/public')).toBeInTheDocument();
    expect(
      screen.getByText(/stable \(version=v1\); canary \(version=v2\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('Client TLS: ISTIO_MUTUAL')).toBeInTheDocument();
  });

  it("shows the canary's phase, weight and failed checks", async () => {
    await renderInTestApp(<TrafficCard state={paymentsState} />);
    expect(
      screen.getByText('Phase: Progressing · Canary weight: 20%'),
    ).toBeInTheDocument();
    expect(screen.getByText('2 failed checks')).toBeInTheDocument();
    // The heading names the kind once.
    expect(
      screen.getByText('Canary payments/payments (prod-eu)'),
    ).toBeInTheDocument();
  });

  it('counts a failed canary as failed, not as a rollout in progress', async () => {
    const objects = paymentsState.objects.map(o =>
      o.canary ? { ...o, canary: { ...o.canary, phase: 'Failed' } } : o,
    );
    await renderInTestApp(
      <TrafficCard state={{ ...paymentsState, objects }} />,
    );
    expect(
      screen.getByText(/2 routing objects\. 1 canary rollout failed\./),
    ).toBeInTheDocument();
    expect(screen.queryByText(/in progress/)).not.toBeInTheDocument();
  });

  it('says traffic goes straight to the Service without routing objects', async () => {
    await renderInTestApp(
      <TrafficCard state={{ ...paymentsState, objects: [] }} />,
    );
    expect(
      screen.getByText(/No routing objects: traffic goes straight/),
    ).toBeInTheDocument();
  });
});
