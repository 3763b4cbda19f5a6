import { screen, within } from '@testing-library/react';
import { SloStatus } from '@meshpath/plugin-mesh-common';
import { MeshApi } from '../../api';
import { renderForPayments } from '../../api/__testUtils__/meshTestApp';
import { SloCard } from './SloCard';

const known = (value: number) => ({ state: 'known' as const, value });

const availability: SloStatus = {
  definition: { kind: 'availability', target: 99.9, windowDays: 30 },
  sli: known(0.9993),
  errorBudgetRemaining: known(0.42),
  burnRates: {
    '5m': known(16),
    '30m': known(0.9),
    '1h': known(15.2),
    '2h': known(1),
    '6h': known(0.8),
    '1d': known(0.6),
    '3d': known(0.5),
  },
  alerts: [
    {
      severity: 'page',
      factor: 14.4,
      longWindow: '1h',
      shortWindow: '5m',
      firing: true,
    },
    {
      severity: 'ticket',
      // As the backend computes it for a 3-day window of a 28-day budget.
      factor: 0.9333333,
      longWindow: '3d',
      shortWindow: '6h',
      firing: false,
    },
  ],
  timeToExhaustion: {
    state: 'known',
    hours: 36,
    duration: 'PT36H',
    burnRateWindow: '1h',
  },
};

const noPrometheus =
  'mesh.prometheus.baseUrl is not set: SLOs cannot be measured';
const unknown = { state: 'unknown' as const, reason: noPrometheus };
const unmeasured: SloStatus = {
  definition: { kind: 'latency', target: 99, windowDays: 28, thresholdMs: 250 },
  sli: unknown,
  errorBudgetRemaining: unknown,
  burnRates: {
    '5m': unknown,
    '30m': unknown,
    '1h': unknown,
    '2h': unknown,
    '6h': unknown,
    '1d': unknown,
    '3d': unknown,
  },
  alerts: [
    { severity: 'page', factor: 14.4, longWindow: '1h', shortWindow: '5m' },
  ],
  timeToExhaustion: { state: 'unknown', reason: noPrometheus },
};

function historyApi(): Partial<MeshApi> & { getHistory: jest.Mock } {
  return {
    getHistory: jest.fn(async (_ref: string, query?: { metric?: string }) =>
      query?.metric === 'slo:availability:budget'
        ? [
            {
              metric: query.metric,
              value: 0.6,
              recordedAt: '2026-11-20T00:00:00Z',
            },
            {
              metric: query.metric,
              value: null,
              recordedAt: '2026-11-21T00:00:00Z',
            },
            {
              metric: query.metric,
              value: 0.42,
              recordedAt: '2026-11-22T00:00:00Z',
            },
          ]
        : [],
    ),
  };
}

describe('SloCard', () => {
  it('shows objective, budget, time to exhaustion, burn rates against thresholds and the alert that would fire', async () => {
    const meshApi = historyApi();
    const { entityRef } = await renderForPayments(
      <SloCard slos={[availability]} />,
      { meshApi },
    );

    expect(
      screen.getByText('Availability: 99.9% of requests succeed over 30 days'),
    ).toBeInTheDocument();
    expect(screen.getByText('99.930%')).toBeInTheDocument();
    expect(screen.getByText('42.000%')).toBeInTheDocument();
    expect(
      screen.getByText('36 h 0 min at the 1h burn rate'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Would fire now: page (14.40×)'),
    ).toBeInTheDocument();

    const burnRates = screen.getByRole('table', {
      name: 'Burn rates of the availability SLO',
    });
    const oneHour = within(burnRates).getByRole('row', { name: /^1h/ });
    expect(within(oneHour).getByText('15.20×')).toBeInTheDocument();
    // The page alert's factor is the threshold of its windows.
    expect(within(oneHour).getByText('14.40×')).toBeInTheDocument();
    const alerts = screen.getByRole('table', {
      name: 'Alerts of the availability SLO',
    });
    expect(within(alerts).getByText('firing')).toBeInTheDocument();
    expect(within(alerts).getByText('quiet')).toBeInTheDocument();
    expect(
      within(alerts).getByText('over 0.93× in 3d and 6h'),
    ).toBeInTheDocument();

    // The budget chart reads the budget history of the SLO window.
    expect(
      await screen.findByRole('img', {
        name: 'Error budget remaining of the availability SLO over time',
      }),
    ).toBeInTheDocument();
    expect(meshApi.getHistory).toHaveBeenCalledWith(
      entityRef,
      expect.objectContaining({ metric: 'slo:availability:budget' }),
    );
    const since = new Date(meshApi.getHistory.mock.calls[0][1].since);
    const days = (Date.now() - since.getTime()) / 86400000;
    expect(days).toBeGreaterThanOrEqual(30);
    expect(days).toBeLessThan(30.1);
  });

  it('shows why an SLO is unknown instead of a number, and no chart without history', async () => {
    await renderForPayments(<SloCard slos={[unmeasured]} />, {
      meshApi: historyApi(),
    });

    // The shared reason is said once; the values it leaves unknown read "unknown".
    expect(screen.getAllByText(`unknown: ${noPrometheus}`)).toHaveLength(1);
    const burnRates = screen.getByRole('table', {
      name: 'Burn rates of the latency SLO',
    });
    expect(within(burnRates).getAllByText('unknown').length).toBeGreaterThan(0);
    expect(screen.queryByText(/%$/)).not.toBeInTheDocument();
    const alerts = screen.getByRole('table', {
      name: 'Alerts of the latency SLO',
    });
    expect(within(alerts).getByText('unknown')).toBeInTheDocument();
    expect(screen.getByText('No alert would fire now.')).toBeInTheDocument();
    expect(await screen.findByText(/No history yet/)).toBeInTheDocument();
  });

  it('says beside the budget when Prometheus keeps less than the window', async () => {
    const shortRetention: SloStatus = {
      ...availability,
      windowCoverage: {
        state: 'partial',
        retention: '10d',
        coveredDays: 10,
        reason:
          'Prometheus keeps 10d: the error budget covers only the last 10 days of its 30-day window',
      },
    };
    await renderForPayments(<SloCard slos={[shortRetention]} />, {
      meshApi: historyApi(),
    });
    expect(
      screen.getByText(
        'budget over the last 10 of 30 days: Prometheus keeps 10d',
      ),
    ).toBeInTheDocument();
  });

  it('says when the window coverage cannot be told, and nothing when Prometheus keeps the whole window', async () => {
    const sizeOnly =
      'Prometheus limits its storage by size only (50GiB): how many of the 30 days it keeps cannot be read from its settings';
    const { unmount } = await renderForPayments(
      <SloCard
        slos={[
          {
            ...availability,
            windowCoverage: { state: 'unknown', reason: sizeOnly },
          },
        ]}
      />,
      { meshApi: historyApi() },
    );
    expect(
      screen.getByText(`budget window coverage unknown: ${sizeOnly}`),
    ).toBeInTheDocument();
    unmount();

    await renderForPayments(
      <SloCard
        slos={[
          {
            ...availability,
            windowCoverage: { state: 'complete', retention: '30d' },
          },
        ]}
      />,
      { meshApi: historyApi() },
    );
    expect(screen.getByText('42.000%')).toBeInTheDocument();
    expect(screen.queryByText(/budget over the last|budget window/)).toBeNull();
  });

  it('invites the team to declare an SLO when there is none', async () => {
    await renderForPayments(<SloCard slos={[]} />, { meshApi: historyApi() });
    expect(screen.getByText(/No SLO is declared/)).toBeInTheDocument();
  });
});
