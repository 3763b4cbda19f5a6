import {
  Measurement,
  SloDefinition,
  sloRecordedSeries,
} from '@meshpath/plugin-mesh-common';
import {
  GeneratedFamily,
  generateOpenMetrics,
} from '../__testUtils__/openMetrics';
import {
  RunningPrometheus,
  startPrometheus,
} from '../__testUtils__/prometheus';
import { BURN_RATE_WINDOWS, burnRateConditions } from './burnRates';
import { PrometheusClient } from './PrometheusClient';
import { SloEngine } from './SloEngine';

jest.setTimeout(180_000);

const HOUR = 3600;
const DAY = 24 * HOUR;
const seconds: Record<string, number> = {
  '5m': 300,
  '30m': 1800,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '6h': 6 * HOUR,
  '1d': DAY,
  '3d': 3 * DAY,
  '28d': 28 * DAY,
  '30d': 30 * DAY,
};

// Evaluation time: a whole hour, two hours ago, so every window boundary is a sample.
const T = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;

// checkout (HTTP): 10 req/s, 0.2% 5xx until an hour ago, 20% since.
const checkoutFailures = (t: number) => (t > T - HOUR ? 2 : 0.02);
// payments (gRPC, always HTTP 200): 4 req/s, 1% UNAVAILABLE until six hours ago, 5% since.
const paymentsFailures = (t: number) => (t > T - 6 * HOUR ? 0.2 : 0.04);

// The same outcomes as closed-form error ratios over the window ending at T.
function expectedCheckoutRatio(w: number): number {
  return (2 * Math.min(w, HOUR) + 0.02 * Math.max(w - HOUR, 0)) / (10 * w);
}
function expectedPaymentsRatio(w: number): number {
  return (
    (0.2 * Math.min(w, 6 * HOUR) + 0.04 * Math.max(w - 6 * HOUR, 0)) / (4 * w)
  );
}

// orders runs in two clusters; its onboarding PR's rules record rates in each. Raw telemetry says 0 failures, so the recorded series must win.
// east: 10 req/s, errors rising with the window; west: 2 req/s, 1% errors, recorded by two HA Prometheus replicas.
function eastOrdersErrors(w: number): number {
  return 10 * 0.0002 * Math.log2(w / 150);
}
const westOrdersErrors = 2 * 0.01;
// Traffic-weighted over both clusters, each counted once: what a single Prometheus over all of orders' proxies would say.
function expectedOrdersRatio(w: number): number {
  return (eastOrdersErrors(w) + westOrdersErrors) / (10 + 2);
}
// orders' latency rule was recorded for 500 ms; an SLO at 250 ms must ignore it and use the raw histogram (1% slow).
const recordedWindows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
const meshpathRule = {
  service: 'orders',
  namespace: 'shop',
  meshpath_rules: 'slo-v2',
};
const east = { ...meshpathRule, cluster: 'east', prometheus_replica: 'a' };
const westA = { ...meshpathRule, cluster: 'west', prometheus_replica: 'a' };
const westB = { ...meshpathRule, cluster: 'west', prometheus_replica: 'b' };
// Other teams' rules: one without Meshpath's label naming orders in shop, one from namespace evil (the operator enforces the namespace label).
const unlabelled = { service: 'orders', namespace: 'shop', team: 'evil' };
const fromEvil = { ...meshpathRule, namespace: 'evil' };
// Recorded series are read at T only: the last hour is enough.
const recent = T - HOUR;

/** Gauges named `name` for every recorded window, one series per label set. */
function recordedFamilies(
  name: (window: string) => string,
  series: Array<[Record<string, string>, (w: number) => number]>,
): GeneratedFamily[] {
  return recordedWindows.map(window => ({
    name: name(window),
    type: 'gauge',
    series: series.map(([labels, valueOf]) => ({
      sample: name(window),
      labels,
      valueAt: () => valueOf(seconds[window]),
      since: recent,
    })),
  }));
}

// catalog's histogram is stored as Prometheus 3 stores it: le="250.0"; 2% of its requests are slower than 250 ms.
// The server side reports by workload; destination_service_name is the first Service of the inbound cluster (under Flagger, `-primary`).
const dest = (workload: string, extra: Record<string, string> = {}) => ({
  reporter: 'destination',
  destination_workload: workload,
  destination_workload_namespace: 'shop',
  destination_service_name: `${workload.replace(/-primary$/, '')}-primary`,
  ...extra,
});

const families: GeneratedFamily[] = [
  {
    name: 'istio_requests',
    type: 'counter',
    series: [
      {
        sample: 'istio_requests_total',
        labels: dest('checkout', {
          response_code: '200',
          grpc_response_status: '',
        }),
        ratePerSecond: t => 10 - checkoutFailures(t),
      },
      {
        sample: 'istio_requests_total',
        labels: dest('checkout', {
          response_code: '503',
          grpc_response_status: '',
        }),
        ratePerSecond: checkoutFailures,
      },
      {
        // The client side reports many more failures; it must not count.
        sample: 'istio_requests_total',
        labels: {
          ...dest('checkout', {
            response_code: '503',
            grpc_response_status: '',
          }),
          reporter: 'source',
        },
        ratePerSecond: () => 5,
      },
      // payments runs under Flagger: 3/4 of its traffic reaches payments-primary, 1/4 the canary (payments).
      ...['payments-primary', 'payments'].flatMap(workload => {
        const share = workload === 'payments' ? 0.25 : 0.75;
        return [
          {
            sample: 'istio_requests_total',
            labels: dest(workload, {
              response_code: '200',
              grpc_response_status: '0',
            }),
            ratePerSecond: (t: number) =>
              share * (4 - 0.2 - paymentsFailures(t)),
          },
          {
            sample: 'istio_requests_total',
            labels: dest(workload, {
              response_code: '200',
              grpc_response_status: '14',
            }),
            ratePerSecond: (t: number) => share * paymentsFailures(t),
          },
          {
            // NOT_FOUND is the caller's doing, not a failure of payments.
            sample: 'istio_requests_total',
            labels: dest(workload, {
              response_code: '200',
              grpc_response_status: '5',
            }),
            ratePerSecond: () => share * 0.2,
          },
        ];
      }),
      {
        // Another workload behind a Service named payments: not payments' traffic.
        sample: 'istio_requests_total',
        labels: {
          ...dest('payments-db', {
            response_code: '503',
            grpc_response_status: '',
          }),
          destination_service_name: 'payments',
        },
        ratePerSecond: () => 3,
      },
      {
        // reports runs in ambient mode behind a waypoint: only reporter="waypoint" sees its requests; 1% fail.
        sample: 'istio_requests_total',
        labels: {
          ...dest('reports', {
            response_code: '200',
            grpc_response_status: '',
          }),
          reporter: 'waypoint',
        },
        ratePerSecond: () => 1.98,
      },
      {
        sample: 'istio_requests_total',
        labels: {
          ...dest('reports', {
            response_code: '500',
            grpc_response_status: '',
          }),
          reporter: 'waypoint',
        },
        ratePerSecond: () => 0.02,
      },
      {
        sample: 'istio_requests_total',
        labels: dest('orders', {
          response_code: '200',
          grpc_response_status: '',
        }),
        ratePerSecond: () => 10,
      },
      {
        sample: 'istio_requests_total',
        labels: dest('catalog', {
          response_code: '200',
          grpc_response_status: '',
        }),
        ratePerSecond: () => 5,
      },
      {
        sample: 'istio_requests_total',
        labels: dest('idle', {
          response_code: '200',
          grpc_response_status: '',
        }),
        ratePerSecond: () => 0,
      },
    ],
  },
  {
    name: 'istio_request_duration_milliseconds',
    type: 'histogram',
    series: [
      {
        sample: 'istio_request_duration_milliseconds_bucket',
        labels: dest('checkout', { le: '100' }),
        ratePerSecond: () => 8,
      },
      {
        sample: 'istio_request_duration_milliseconds_bucket',
        labels: dest('checkout', { le: '250' }),
        ratePerSecond: () => 9.95,
      },
      {
        sample: 'istio_request_duration_milliseconds_bucket',
        labels: dest('checkout', { le: '+Inf' }),
        ratePerSecond: () => 10,
      },
      {
        sample: 'istio_request_duration_milliseconds_count',
        labels: dest('checkout'),
        ratePerSecond: () => 10,
      },
      {
        sample: 'istio_request_duration_milliseconds_sum',
        labels: dest('checkout'),
        ratePerSecond: () => 500,
      },
      {
        sample: 'istio_request_duration_milliseconds_bucket',
        labels: dest('catalog', { le: '100.0' }),
        ratePerSecond: () => 3,
      },
      {
        sample: 'istio_request_duration_milliseconds_bucket',
        labels: dest('catalog', { le: '250.0' }),
        ratePerSecond: () => 4.9,
      },
      {
        sample: 'istio_request_duration_milliseconds_bucket',
        labels: dest('catalog', { le: '+Inf' }),
        ratePerSecond: () => 5,
      },
      {
        sample: 'istio_request_duration_milliseconds_count',
        labels: dest('catalog'),
        ratePerSecond: () => 5,
      },
      {
        sample: 'istio_request_duration_milliseconds_bucket',
        labels: dest('orders', { le: '250' }),
        ratePerSecond: () => 9.9,
      },
      {
        sample: 'istio_request_duration_milliseconds_count',
        labels: dest('orders'),
        ratePerSecond: () => 10,
      },
    ],
  },
  ...recordedFamilies(sloRecordedSeries.requests, [
    [east, () => 10],
    [westA, () => 2],
    [westB, () => 2],
    [unlabelled, () => 1],
    [fromEvil, () => 1],
  ]),
  ...recordedFamilies(sloRecordedSeries.availabilityErrors, [
    [east, eastOrdersErrors],
    [westA, () => westOrdersErrors],
    [westB, () => westOrdersErrors],
    [unlabelled, () => 1],
    [fromEvil, () => 1],
  ]),
  // The ratios the same rules derive for their alerts; summing them across clusters and replicas would double-count.
  ...recordedFamilies(
    window => `meshpath:slo_availability_errors:ratio_rate${window}`,
    [
      [east, w => eastOrdersErrors(w) / 10],
      [westA, () => westOrdersErrors / 2],
      [westB, () => westOrdersErrors / 2],
      [unlabelled, () => 1],
      [fromEvil, () => 1],
    ],
  ),
  ...recordedFamilies(sloRecordedSeries.latencyRequests, [[east, () => 10]]),
  ...recordedFamilies(sloRecordedSeries.latencyFast, [
    [{ ...east, threshold_ms: '500' }, () => 5],
  ]),
  ...recordedFamilies(
    window => `meshpath:slo_latency_errors:ratio_rate${window}`,
    [[{ ...east, threshold_ms: '500' }, () => 0.5]],
  ),
];

// 15-minute samples for the old part of the 31 days, 1-minute samples for the last four.
function sampleTimes(): number[] {
  const times: number[] = [];
  for (let t = T - 31 * DAY; t < T - 4 * DAY; t += 900) times.push(t);
  for (let t = T - 4 * DAY; t <= T; t += 60) times.push(t);
  return times;
}

function value(m: Measurement): number {
  if (m.state !== 'known') throw new Error(`expected a value, got ${m.reason}`);
  return m.value;
}

// Prometheus 2 includes the sample at the window's start, Prometheus 3 does not; the difference is under 0.1%.
function expectClose(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    Math.abs(expected) * 1e-3 + 1e-9,
  );
}

const checkoutAvailability: SloDefinition = {
  kind: 'availability',
  target: 99.9,
  windowDays: 28,
};
const checkoutLatency: SloDefinition = {
  kind: 'latency',
  target: 99,
  windowDays: 28,
  thresholdMs: 250,
};
const paymentsAvailability: SloDefinition = {
  kind: 'availability',
  target: 99.5,
  windowDays: 30,
};

const targets = [
  {
    key: 'component:default/checkout',
    workload: { name: 'checkout', namespace: 'shop' },
    slos: [checkoutAvailability, checkoutLatency],
  },
  {
    key: 'component:default/payments',
    workload: { name: 'payments', namespace: 'shop' },
    slos: [paymentsAvailability],
  },
  {
    key: 'component:default/orders',
    workload: { name: 'orders', namespace: 'shop' },
    slos: [checkoutAvailability, checkoutLatency],
  },
  {
    key: 'component:default/catalog',
    workload: { name: 'catalog', namespace: 'shop' },
    slos: [checkoutLatency],
  },
  {
    key: 'component:default/idle',
    workload: { name: 'idle', namespace: 'shop' },
    slos: [checkoutAvailability],
  },
  {
    key: 'component:default/reports',
    workload: { name: 'reports', namespace: 'shop' },
    dataplane: 'ambient' as const,
    slos: [paymentsAvailability],
  },
  {
    key: 'component:default/tools',
    workload: { name: 'tools', namespace: 'shop' },
    dataplane: 'ambient' as const,
    slos: [paymentsAvailability],
  },
  {
    key: 'component:default/ghost',
    workload: { name: 'ghost', namespace: 'shop' },
    slos: [checkoutAvailability],
  },
];

describe('SloEngine against a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let engine: SloEngine;

  beforeAll(async () => {
    prometheus = await startPrometheus(
      generateOpenMetrics(families, sampleTimes()),
    );
    engine = new SloEngine(
      new PrometheusClient({ baseUrl: prometheus.baseUrl }),
    );
  });

  afterAll(async () => {
    await prometheus?.stop();
  });

  it('computes SLI, budget, burn rates and alerts for every service with a bounded number of queries', async () => {
    const result = await engine.evaluate(targets, new Date(T * 1000));

    // 7 burn windows + 28d + 30d for availability, 7 + 28d for the one latency threshold.
    expect(result.queryCount).toBe(17);

    const [availability, latency] = result.statuses.get(
      'component:default/checkout',
    )!;
    for (const window of BURN_RATE_WINDOWS) {
      expectClose(
        value(availability.burnRates[window]),
        expectedCheckoutRatio(seconds[window]) / 0.001,
      );
      expectClose(value(latency.burnRates[window]), 0.005 / 0.01);
    }
    expectClose(value(availability.sli), 1 - expectedCheckoutRatio(300));
    expectClose(
      value(availability.errorBudgetRemaining),
      1 - expectedCheckoutRatio(seconds['28d']) / 0.001,
    );
    expectClose(value(latency.sli), 0.995);
    expectClose(value(latency.errorBudgetRemaining), 0.5);

    const [payments] = result.statuses.get('component:default/payments')!;
    for (const window of BURN_RATE_WINDOWS) {
      expectClose(
        value(payments.burnRates[window]),
        expectedPaymentsRatio(seconds[window]) / 0.005,
      );
    }
    expectClose(
      value(payments.errorBudgetRemaining),
      1 - expectedPaymentsRatio(seconds['30d']) / 0.005,
    );

    // Alert states follow from the independently computed burn rates.
    for (const [slo, expectedRatio, budget] of [
      [availability, expectedCheckoutRatio, 0.001],
      [payments, expectedPaymentsRatio, 0.005],
    ] as const) {
      expect(slo.alerts).toEqual(
        burnRateConditions(slo.definition.windowDays).map(c => ({
          ...c,
          firing:
            expectedRatio(seconds[c.longWindow]) / budget > c.factor &&
            expectedRatio(seconds[c.shortWindow]) / budget > c.factor,
        })),
      );
    }
    // The outcome was built so checkout fires everything, payments all but the fast page; factors scale with the window (28 and 30 days).
    expect(
      availability.alerts.filter(a => a.firing).map(a => a.factor),
    ).toEqual([13.44, 5.6, 2.8, 0.933333]);
    expect(payments.alerts.filter(a => a.firing).map(a => a.factor)).toEqual([
      6, 3, 1,
    ]);
    expect(latency.alerts.every(a => a.firing === false)).toBe(true);
  });

  it("prefers Meshpath's recorded series, summed over clusters and replicas, ignores other rules' series, and uses raw telemetry where none match, in the same queries", async () => {
    const result = await engine.evaluate(targets, new Date(T * 1000));
    expect(result.queryCount).toBe(17);

    const [availability, latency] = result.statuses.get(
      'component:default/orders',
    )!;
    for (const window of BURN_RATE_WINDOWS) {
      // Neither the unlabelled rule nor the one from namespace evil (error ratio 1) counts; west's replicas count once.
      expectClose(
        value(availability.burnRates[window]),
        expectedOrdersRatio(seconds[window]) / 0.001,
      );
      // Recorded for 500 ms, asked for 250 ms: the raw histogram's 1% counts.
      expectClose(value(latency.burnRates[window]), 0.01 / 0.01);
    }
    // Worked figure for 1h: (10 × 0.0002 × log2(24) + 0.02) / 12 = 0.0024308…; summing the clusters' and replicas' ratios would give 0.0209.
    expect(expectedOrdersRatio(HOUR)).toBeCloseTo(0.0024308, 7);
    expectClose(value(availability.sli), 1 - expectedOrdersRatio(300));
    // No rule records 28 days: raw telemetry (no failures) gives the whole budget.
    expectClose(value(availability.errorBudgetRemaining), 1);
  });

  it('projects the time to budget exhaustion from the budget left and the 1h burn rate', async () => {
    const result = await engine.evaluate(targets, new Date(T * 1000));
    const [checkout, checkoutSlow] = result.statuses.get(
      'component:default/checkout',
    )!;
    // 20% errors for the last hour overspent checkout's 28-day budget: nothing left.
    expect(1 - expectedCheckoutRatio(seconds['28d']) / 0.001).toBeLessThan(0);
    expect(checkout.timeToExhaustion).toEqual({
      state: 'known',
      hours: 0,
      duration: 'PT0S',
      burnRateWindow: '1h',
    });
    // Latency: half the budget left, burning at 0.5x: 0.5 × 28 d / 0.5 = 28 days.
    expect(checkoutSlow.timeToExhaustion).toMatchObject({ state: 'known' });
    const slowHours = (checkoutSlow.timeToExhaustion as { hours: number })
      .hours;
    expectClose(slowHours, 28 * 24);
    // orders: the whole budget left, burning at its 1h ratio over a 0.1% budget.
    const [orders] = result.statuses.get('component:default/orders')!;
    expect(orders.timeToExhaustion).toMatchObject({ state: 'known' });
    expectClose(
      (orders.timeToExhaustion as { hours: number }).hours,
      (1 * 28 * 24) / (expectedOrdersRatio(HOUR) / 0.001),
    );
    // idle has no traffic: unknown with the reason, never a number.
    const [idle] = result.statuses.get('component:default/idle')!;
    expect(idle.timeToExhaustion).toEqual({
      state: 'unknown',
      reason: expect.stringMatching(/No traffic to idle/),
    });
  });

  it('reads latency from histograms Prometheus 3 stores with le="250.0"', async () => {
    const result = await engine.evaluate(targets, new Date(T * 1000));
    const [latency] = result.statuses.get('component:default/catalog')!;
    // A query for le="250" alone finds nothing here, and the SLO would stay unknown.
    expect(latency.sli).toEqual({ state: 'known', value: expect.any(Number) });
    expectClose(value(latency.sli), 0.98);
    for (const window of BURN_RATE_WINDOWS) {
      expectClose(value(latency.burnRates[window]), 0.02 / 0.01);
    }
    expectClose(value(latency.errorBudgetRemaining), 1 - 0.02 / 0.01);
  });

  it('refuses a latency threshold that is not a bucket edge, with the reason and without a query', async () => {
    const offEdge: SloDefinition = { ...checkoutLatency, thresholdMs: 300 };
    const result = await engine.evaluate(
      [
        ...targets,
        {
          key: 'component:default/search',
          workload: { name: 'checkout', namespace: 'shop' },
          slos: [checkoutAvailability, offEdge],
        },
      ],
      new Date(T * 1000),
    );
    expect(result.queryCount).toBe(17);
    const [availability, latency] = result.statuses.get(
      'component:default/search',
    )!;
    expect(availability.sli.state).toBe('known');
    const refused = {
      state: 'unknown',
      reason: expect.stringMatching(
        /latency threshold 300 ms is not a bucket edge of istio_request_duration_milliseconds \(0\.5, 1, 5, .*250, 500, .*\)/,
      ),
    };
    expect(latency.sli).toEqual(refused);
    expect(latency.errorBudgetRemaining).toEqual(refused);
    expect(
      Object.values(latency.burnRates).every(m => m.state === 'unknown'),
    ).toBe(true);
    expect(latency.alerts.every(a => a.firing === undefined)).toBe(true);
  });

  it('reports no traffic and missing telemetry as unknown, never as 0 or 100%', async () => {
    const result = await engine.evaluate(targets, new Date(T * 1000));
    const [idle] = result.statuses.get('component:default/idle')!;
    expect(idle.sli).toEqual({
      state: 'unknown',
      reason: expect.stringMatching(/No traffic to idle/),
    });
    expect(idle.alerts.every(a => a.firing === undefined)).toBe(true);
    const [ghost] = result.statuses.get('component:default/ghost')!;
    expect(ghost.errorBudgetRemaining).toEqual({
      state: 'unknown',
      reason: expect.stringMatching(/No telemetry for ghost/),
    });
  });

  it("counts Flagger's primary with its workload, not another workload behind a Service of the same name, and only server-fault gRPC codes", async () => {
    const result = await engine.evaluate(targets, new Date(T * 1000));
    const [payments] = result.statuses.get('component:default/payments')!;
    // payments-db's 503s behind Service "payments" and the NOT_FOUNDs would raise the 1h ratio far above 5%.
    expect(payments.burnRates['1h'].state).toBe('known');
    expectClose(
      value(payments.burnRates['1h']),
      expectedPaymentsRatio(HOUR) / 0.005,
    );
  });

  it("reads an ambient service's requests from its waypoint, and says why one without a waypoint has none", async () => {
    const result = await engine.evaluate(targets, new Date(T * 1000));
    const [reports] = result.statuses.get('component:default/reports')!;
    for (const window of BURN_RATE_WINDOWS) {
      expectClose(value(reports.burnRates[window]), 0.01 / 0.005);
    }
    const [tools] = result.statuses.get('component:default/tools')!;
    expect(tools.sli).toEqual({
      state: 'unknown',
      reason: expect.stringMatching(
        /No telemetry for tools in shop over the last 5m: in ambient mode ztunnel reports only TCP connections .* need a waypoint/,
      ),
    });
  });

  it('says the budget covers the whole window when Prometheus keeps it', async () => {
    const result = await engine.evaluate(targets, new Date(T * 1000));
    const [checkout] = result.statuses.get('component:default/checkout')!;
    expect(checkout.windowCoverage).toEqual({
      state: 'complete',
      retention: '100y',
    });
  });

  it('turns every value unknown, with the reason, when Prometheus goes away', async () => {
    await prometheus.stop();
    const result = await engine.evaluate(targets, new Date(T * 1000));
    for (const statuses of result.statuses.values()) {
      for (const status of statuses) {
        expect(status.sli).toEqual({
          state: 'unknown',
          reason: expect.stringMatching(/Prometheus at .* is unreachable/),
        });
        expect(
          Object.values(status.burnRates).every(m => m.state === 'unknown'),
        ).toBe(true);
      }
    }
  });
});

describe('SloEngine against a Prometheus that keeps less than the SLO window', () => {
  let prometheus: RunningPrometheus;

  // Three days of checkout's traffic with a 20% outage four days ago... which a 2-day retention has already dropped.
  const now = Math.floor(Date.now() / 1000 / 60) * 60;
  beforeAll(async () => {
    const times: number[] = [];
    for (let t = now - 5 * DAY; t <= now; t += 300) times.push(t);
    prometheus = await startPrometheus(
      generateOpenMetrics(
        [
          {
            name: 'istio_requests',
            type: 'counter',
            series: [
              {
                sample: 'istio_requests_total',
                labels: dest('checkout', {
                  response_code: '200',
                  grpc_response_status: '',
                }),
                ratePerSecond: () => 10,
              },
              {
                sample: 'istio_requests_total',
                labels: dest('checkout', {
                  response_code: '503',
                  grpc_response_status: '',
                }),
                ratePerSecond: t =>
                  t > now - 4 * DAY - HOUR && t <= now - 4 * DAY ? 2 : 0,
              },
            ],
          },
        ],
        times,
      ),
      { retentionTime: '2d' },
    );
  });

  afterAll(async () => {
    await prometheus?.stop();
  });

  it("reads the retention from Prometheus' runtime information and says the budget covers only the kept days", async () => {
    const engine = new SloEngine(
      new PrometheusClient({ baseUrl: prometheus.baseUrl }),
    );
    const result = await engine.evaluate(
      [
        {
          key: 'component:default/checkout',
          workload: { name: 'checkout', namespace: 'shop' },
          slos: [checkoutAvailability],
        },
      ],
      new Date(now * 1000),
    );
    const [checkout] = result.statuses.get('component:default/checkout')!;
    // The outage is older than what Prometheus keeps: the budget reads as whole, and says why it cannot be trusted.
    expectClose(value(checkout.errorBudgetRemaining), 1);
    expect(checkout.windowCoverage).toEqual({
      state: 'partial',
      retention: '2d',
      coveredDays: 2,
      reason:
        'Prometheus keeps 2d: the error budget covers only the last 2 days of its 28-day window and forgets older failures; raise --storage.tsdb.retention.time to at least 28d',
    });
  });
});
