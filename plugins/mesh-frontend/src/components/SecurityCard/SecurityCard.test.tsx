import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  paymentsState,
  paymentsWorkload,
} from '../../__fixtures__/entityMeshState';
import { SecurityCard } from './SecurityCard';

const withOutcome = (outcome: Parameters<typeof paymentsWorkload>[0]) => ({
  ...paymentsState,
  clusters: [
    { ...paymentsState.clusters[0], workloads: [paymentsWorkload(outcome)] },
  ],
});

describe('SecurityCard', () => {
  it('answers first, then shows mTLS per workload and port with the deciding policy, client TLS and conflicts', async () => {
    await renderInTestApp(<SecurityCard state={paymentsState} />);
    expect(
      screen.getByText('Every port requires mutual TLS.'),
    ).toBeInTheDocument();
    const matrix = screen.getByRole('table', {
      name: 'mTLS per workload and port',
    });
    const rows = within(matrix).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(
      'payments/payments8080 (http)STRICTPeerAuthentication payments/default (namespace)ISTIO_MUTUAL (auto mTLS)none',
    );
    expect(rows[2]).toHaveTextContent('9090 (metrics)PERMISSIVE');
    expect(rows[2]).toHaveTextContent('no policy (Istio default: PERMISSIVE)');
    expect(rows[2]).toHaveTextContent(
      'DISABLE (DestinationRule payments/metrics)',
    );
    expect(rows[2]).toHaveTextContent(
      '1 conflict: Clients send plaintext while the port requires mTLS',
    );
  });

  it('says traffic is plaintext when no proxy enforces the mode, not that every port requires mTLS', async () => {
    await renderInTestApp(
      <SecurityCard state={{ ...paymentsState, mtls: 'NONE' }} />,
    );
    expect(
      screen.getByText(/No proxy enforces mutual TLS on some ports/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Every port requires mutual TLS.'),
    ).not.toBeInTheDocument();
  });

  it('says in words who may call a restricted workload, and that the rest is denied', async () => {
    await renderInTestApp(<SecurityCard state={paymentsState} />);
    expect(
      screen.getByText('Only these requests to payments/payments are allowed:'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('orders/orders may POST /charge'),
    ).toBeInTheDocument();
    expect(screen.getByText('Everything else is denied.')).toBeInTheDocument();
    expect(
      screen.getByText(
        'from principals cluster.local/ns/orders/sa/orders → to methods POST paths /charge',
      ),
    ).toBeInTheDocument();
  });

  it.each([
    [
      'no-policy',
      'No AuthorizationPolicy applies: anyone in the mesh may call payments/payments.',
    ],
    [
      'allow-all',
      'An ALLOW-all policy applies: anyone in the mesh may call payments/payments.',
    ],
    ['deny-all', 'Every request to payments/payments is denied.'],
  ] as const)('says what %s means', async (outcome, text) => {
    await renderInTestApp(<SecurityCard state={withOutcome(outcome)} />);
    expect(screen.getByText(text)).toBeInTheDocument();
    expect(
      screen.queryByText('Everything else is denied.'),
    ).not.toBeInTheDocument();
  });

  it('lists observed callers against policy with a labelled verdict', async () => {
    await renderInTestApp(<SecurityCard state={paymentsState} />);
    expect(screen.getByText('Over the last 24h')).toBeInTheDocument();
    expect(
      screen.getByLabelText('allowed: Allowed by payments/callers'),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText(
        'would be denied: No ALLOW rule of payments/callers matches',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('plaintext: Arrived without mTLS'),
    ).toBeInTheDocument();
    expect(screen.getByText('catalog/search')).toBeInTheDocument();
    expect(screen.getByText('12,000')).toBeInTheDocument();
    expect(screen.getByText('0%')).toBeInTheDocument();
  });

  it('says when observed traffic is unknown or not measured yet, not that nobody calls', async () => {
    const { unmount } = await renderInTestApp(
      <SecurityCard
        state={{
          ...paymentsState,
          traffic: {
            window: '24h',
            state: 'unknown',
            reason: 'Prometheus unreachable',
            callers: [],
          },
        }}
      />,
    );
    expect(
      screen.getByText('Observed traffic is unknown: Prometheus unreachable'),
    ).toBeInTheDocument();
    unmount();
    await renderInTestApp(
      <SecurityCard state={{ ...paymentsState, traffic: undefined }} />,
    );
    expect(
      screen.getByText('Observed traffic has not been measured yet.'),
    ).toBeInTheDocument();
  });
});
