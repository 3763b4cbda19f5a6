import type { ObservedTraffic } from '@meshpath/plugin-mesh-common';
import { ConfigReader } from '@backstage/config';
import {
  GeneratedFamily,
  generateOpenMetrics,
} from '../__testUtils__/openMetrics';
import {
  RunningPrometheus,
  startPrometheus,
} from '../__testUtils__/prometheus';
import { PrometheusClient } from '../slo/PrometheusClient';
import type { TrafficDestination } from './ObservedTrafficSnapshot';
import { TrafficObserver, trafficWithoutPrometheus } from './TrafficObserver';
import { readTrafficOptions } from './trafficOptions';

jest.setTimeout(180_000);

const HOUR = 3600;
// Evaluation time: a whole hour, two hours ago, so every window boundary is a sample.
const T = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;

/** One stream of traffic from a caller to a destination workload, as the test world defines it. */
interface Flow {
  metric: 'requests' | 'connections';
  reporter?: 'destination' | 'source' | 'waypoint';
  dest: { workload: string; namespace: string; host: string };
  source: { workload: string; namespace: string; principal: string };
  security: 'mutual_tls' | 'none';
  perSecond: number;
  /** Seconds (Unix) the flow runs between; always, when absent. */
  from?: number;
  until?: number;
  cluster?: string;
  /** HA Prometheus replicas that each recorded the flow. */
  replicas?: string[];
  /** Destination pods the flow is spread over. */
  pods?: number;
}

const spiffe = (ns: string, sa: string) =>
  `spiffe://cluster.local/ns/${ns}/sa/${sa}`;
const checkout = {
  workload: 'checkout-v1',
  namespace: 'shop',
  host: 'checkout.shop.svc.cluster.local',
};
const checkoutV2 = { ...checkout, workload: 'checkout-v2' };
// A canary workload behind the same host that the service does not own by label: matched by host only.
const checkoutCanary = { ...checkout, workload: 'checkout-canary' };
const frontend = {
  workload: 'frontend',
  namespace: 'web',
  principal: spiffe('web', 'frontend'),
};
const batch = {
  workload: 'legacy-batch',
  namespace: 'jobs',
  principal: 'unknown',
};
const curl = {
  workload: 'curl',
  namespace: 'sandbox',
  principal: spiffe('sandbox', 'default'),
};
const outsider = {
  workload: 'unknown',
  namespace: 'unknown',
  principal: 'unknown',
};
const postgres = {
  workload: 'postgres',
  namespace: 'data',
  host: 'postgres.data.svc.cluster.local',
};
const orders = {
  workload: 'orders',
  namespace: 'shop',
  principal: spiffe('shop', 'orders'),
};
const reviews = {
  workload: 'reviews',
  namespace: 'ambient',
  host: 'reviews.ambient.svc.cluster.local',
};
const waypoint = {
  workload: 'waypoint',
  namespace: 'ambient',
  principal: spiffe('ambient', 'waypoint'),
};

const flows: Flow[] = [
  // checkout: frontend over mTLS from two clusters, west recorded by two HA replicas, spread over pods.
  {
    metric: 'requests',
    dest: checkout,
    source: frontend,
    security: 'mutual_tls',
    perSecond: 12,
    cluster: 'east',
    pods: 3,
  },
  {
    metric: 'requests',
    dest: checkout,
    source: frontend,
    security: 'mutual_tls',
    perSecond: 3,
    cluster: 'west',
    replicas: ['a', 'b'],
  },
  {
    metric: 'requests',
    dest: checkoutV2,
    source: frontend,
    security: 'mutual_tls',
    perSecond: 1.5,
  },
  // The caller's own proxy reports the same requests again: must not count.
  {
    metric: 'requests',
    reporter: 'source',
    dest: checkout,
    source: frontend,
    security: 'mutual_tls',
    perSecond: 12,
  },
  // A batch job calling in plaintext (PERMISSIVE): no principal.
  {
    metric: 'requests',
    dest: checkout,
    source: batch,
    security: 'none',
    perSecond: 0.2,
  },
  // An unexpected caller that appeared six hours ago, half its requests over mTLS.
  {
    metric: 'requests',
    dest: checkout,
    source: curl,
    security: 'mutual_tls',
    perSecond: 0.5,
    from: T - 6 * HOUR,
  },
  {
    metric: 'requests',
    dest: checkout,
    source: curl,
    security: 'none',
    perSecond: 0.5,
    from: T - 6 * HOUR,
  },
  // Reached by host on a workload the service does not own.
  {
    metric: 'requests',
    dest: checkoutCanary,
    source: frontend,
    security: 'mutual_tls',
    perSecond: 0.75,
  },
  // A caller that stopped before the window: not a caller any more.
  {
    metric: 'requests',
    dest: checkout,
    source: { ...frontend, workload: 'old-frontend' },
    security: 'mutual_tls',
    perSecond: 2,
    until: T - 25 * HOUR,
  },
  // postgres (TCP): orders over mTLS, and a plaintext connection from outside the mesh.
  {
    metric: 'connections',
    dest: postgres,
    source: orders,
    security: 'mutual_tls',
    perSecond: 0.2,
    replicas: ['a', 'b'],
  },
  {
    metric: 'connections',
    dest: postgres,
    source: outsider,
    security: 'none',
    perSecond: 0.01,
  },
  // reviews in ambient mode: the waypoint reports the requests, ztunnel the connections from the waypoint.
  {
    metric: 'requests',
    reporter: 'waypoint',
    dest: reviews,
    source: frontend,
    security: 'mutual_tls',
    perSecond: 4,
  },
  {
    metric: 'connections',
    dest: reviews,
    source: waypoint,
    security: 'mutual_tls',
    perSecond: 0.05,
  },
];

// A fleet of 297 more services, each with one caller, answered by the same queries.
const FLEET = 297;
const fleetService = (i: number) => ({
  workload: `svc-${i}`,
  namespace: 'fleet',
  host: `svc-${i}.fleet.svc.cluster.local`,
});
for (let i = 0; i < FLEET; i++) {
  flows.push({
    metric: 'requests',
    dest: fleetService(i),
    source: {
      workload: `load-${i}`,
      namespace: 'fleet',
      principal: spiffe('fleet', `load-${i}`),
    },
    security: i % 3 === 0 ? 'none' : 'mutual_tls',
    perSecond: 0.01 * (i + 1),
  });
}

const active = (flow: Flow, t: number) =>
  (flow.from === undefined || t >= flow.from) &&
  (flow.until === undefined || t < flow.until);

function seriesOf(flow: Flow) {
  const pods = flow.pods ?? 1;
  return (flow.replicas ?? [undefined]).flatMap(replica =>
    Array.from({ length: pods }, (_, pod) => ({
      sample:
        flow.metric === 'requests'
          ? 'istio_requests_total'
          : 'istio_tcp_connections_opened_total',
      labels: {
        reporter: flow.reporter ?? 'destination',
        destination_workload: flow.dest.workload,
        destination_workload_namespace: flow.dest.namespace,
        destination_service: flow.dest.host,
        destination_service_name: flow.dest.host.split('.')[0],
        source_workload: flow.source.workload,
        source_workload_namespace: flow.source.namespace,
        source_principal: flow.source.principal,
        connection_security_policy: flow.security,
        ...(flow.metric === 'requests' ? { response_code: '200' } : {}),
        pod: `${flow.dest.workload}-${pod}`,
        ...(flow.cluster ? { cluster: flow.cluster } : {}),
        ...(replica ? { prometheus_replica: replica } : {}),
      },
      ratePerSecond: (t: number) =>
        active(flow, t) ? flow.perSecond / pods : 0,
    })),
  );
}

const families: GeneratedFamily[] = [
  {
    name: 'istio_requests',
    type: 'counter',
    series: flows.filter(f => f.metric === 'requests').flatMap(seriesOf),
  },
  {
    name: 'istio_tcp_connections_opened',
    type: 'counter',
    series: flows.filter(f => f.metric === 'connections').flatMap(seriesOf),
  },
];

// 10-minute samples over 26 hours; rates only change on a sample.
function sampleTimes(): number[] {
  const times: number[] = [];
  for (let t = T - 26 * HOUR; t <= T; t += 600) times.push(t);
  return times;
}

/**
 * The callers a destination should show, computed from the flows: what the
 * server side (or a waypoint) saw within the window, each flow once however
 * many replicas recorded it.
 */
function expectedTraffic(
  destination: TrafficDestination,
  windowSeconds: number,
) {
  const owned = (flow: Flow) =>
    (destination.workloads ?? []).some(
      w => w.namespace === flow.dest.namespace && w.name === flow.dest.workload,
    ) || (destination.hosts ?? []).includes(flow.dest.host);
  const callers = new Map<string, any>();
  for (const flow of flows) {
    if (flow.reporter === 'source' || !owned(flow)) continue;
    const start = Math.max(T - windowSeconds, flow.from ?? -Infinity);
    const end = Math.min(T, flow.until ?? Infinity);
    const count = Math.max(0, end - start) * flow.perSecond;
    if (count === 0) continue;
    const key = `${flow.source.namespace}/${flow.source.workload}/${flow.source.principal}`;
    const caller = callers.get(key) ?? {
      sourceWorkload: flow.source.workload,
      sourceNamespace: flow.source.namespace,
      principal:
        flow.source.principal === 'unknown' ? undefined : flow.source.principal,
      requests: 0,
      connections: 0,
      mtls: 0,
    };
    caller[flow.metric] += count;
    if (flow.security === 'mutual_tls') caller.mtls += count;
    callers.set(key, caller);
  }
  return [...callers.values()].map(({ mtls, ...c }) => ({
    ...c,
    mtlsShare: mtls / (c.requests > 0 ? c.requests : c.connections),
  }));
}

// Prometheus 2 includes the sample at the window's start, Prometheus 3 extrapolates to it; for constant rates both are exact.
function expectSameCallers(
  actual: ObservedTraffic,
  expected: ReturnType<typeof expectedTraffic>,
) {
  expect(actual.state).toBe('known');
  const byKey = (c: { sourceNamespace: string; sourceWorkload: string }) =>
    `${c.sourceNamespace}/${c.sourceWorkload}`;
  expect(actual.callers.map(byKey).sort()).toEqual(expected.map(byKey).sort());
  for (const want of expected) {
    const got = actual.callers.find(c => byKey(c) === byKey(want))!;
    expect(got.principal).toBe(want.principal);
    for (const field of ['requests', 'connections', 'mtlsShare'] as const) {
      expect(Math.abs(got[field] - want[field])).toBeLessThanOrEqual(
        Math.abs(want[field]) * 1e-6 + 1e-9,
      );
    }
  }
}

class CountingClient extends PrometheusClient {
  queries = 0;
  async query(promql: string, time?: Date) {
    this.queries++;
    return super.query(promql, time);
  }
}

const checkoutService: TrafficDestination = {
  workloads: [
    { namespace: 'shop', name: 'checkout-v1' },
    { namespace: 'shop', name: 'checkout-v2' },
  ],
  hosts: ['checkout.shop.svc.cluster.local'],
};

describe('TrafficObserver against a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let client: CountingClient;
  let observer: TrafficObserver;

  beforeAll(async () => {
    prometheus = await startPrometheus(
      generateOpenMetrics(families, sampleTimes()),
    );
    client = new CountingClient({ baseUrl: prometheus.baseUrl });
    observer = new TrafficObserver(client, { windowHours: 24 });
  });

  afterAll(async () => {
    await prometheus?.stop();
  });

  it("reports each service's callers, requests and mTLS share, counting replicas once and clusters and pods together", async () => {
    const snapshot = await observer.observe(new Date(T * 1000));
    const traffic = snapshot.trafficTo(checkoutService);
    expect(traffic.window).toBe('24h');
    expectSameCallers(traffic, expectedTraffic(checkoutService, 24 * HOUR));
    // Worked figures: frontend (12 + 3 + 1.5 + 0.75)/s for a day, all mTLS; curl 1/s for 6 h, half of it plaintext.
    expect(traffic.callers.map(c => [c.sourceWorkload, c.principal])).toEqual([
      ['frontend', spiffe('web', 'frontend')],
      ['curl', spiffe('sandbox', 'default')],
      ['legacy-batch', undefined],
    ]);
    const [web, sandbox, batchJob] = traffic.callers;
    expect(web.requests).toBeCloseTo(17.25 * 86400, 3);
    expect(web.mtlsShare).toBeCloseTo(1, 9);
    expect(sandbox.requests).toBeCloseTo(6 * HOUR, 3);
    expect(sandbox.mtlsShare).toBeCloseTo(0.5, 9);
    expect(batchJob).toMatchObject({ mtlsShare: 0, connections: 0 });
    expect(batchJob.requests).toBeCloseTo(0.2 * 86400, 3);
  });

  it('matches a service by its workloads or by its hosts, counting a row matched both ways once', async () => {
    const snapshot = await observer.observe(new Date(T * 1000));
    const byWorkload = { workloads: checkoutService.workloads };
    const byHost = { hosts: checkoutService.hosts };
    expectSameCallers(
      snapshot.trafficTo(byWorkload),
      expectedTraffic(byWorkload, 24 * HOUR),
    );
    expectSameCallers(
      snapshot.trafficTo(byHost),
      expectedTraffic(byHost, 24 * HOUR),
    );
    const frontendOf = (t: ObservedTraffic) =>
      t.callers.find(c => c.sourceWorkload === 'frontend')!.requests;
    // Only the canary's requests are added by the host; the rest are matched twice and count once.
    expect(frontendOf(snapshot.trafficTo(checkoutService))).toBeCloseTo(
      frontendOf(snapshot.trafficTo(byWorkload)) + 0.75 * 86400,
      3,
    );
  });

  it('reports TCP connections and the ambient waypoint and ztunnel figures', async () => {
    const snapshot = await observer.observe(new Date(T * 1000));
    const db = { workloads: [{ namespace: 'data', name: 'postgres' }] };
    expectSameCallers(snapshot.trafficTo(db), expectedTraffic(db, 24 * HOUR));
    expect(snapshot.trafficTo(db).callers).toEqual([
      expect.objectContaining({
        sourceWorkload: 'orders',
        requests: 0,
        mtlsShare: 1,
      }),
      expect.objectContaining({
        sourceWorkload: 'unknown',
        sourceNamespace: 'unknown',
        mtlsShare: 0,
      }),
    ]);
    expect(snapshot.trafficTo(db).callers[1]).not.toHaveProperty('principal');
    const ambient = { hosts: ['reviews.ambient.svc.cluster.local'] };
    expectSameCallers(
      snapshot.trafficTo(ambient),
      expectedTraffic(ambient, 24 * HOUR),
    );
  });

  it('sends the same two queries for 3 services as for 300, and answers every one of them', async () => {
    const fleetOf = (n: number): TrafficDestination[] =>
      [checkoutService, { hosts: [postgres.host] }, { hosts: [reviews.host] }]
        .concat(
          Array.from({ length: FLEET }, (_, i) => ({
            workloads: [{ namespace: 'fleet', name: `svc-${i}` }],
          })),
        )
        .slice(0, n);
    const queriesFor = async (services: TrafficDestination[]) => {
      const before = client.queries;
      const snapshot = await observer.observe(new Date(T * 1000));
      for (const service of services) {
        expectSameCallers(
          snapshot.trafficTo(service),
          expectedTraffic(service, 24 * HOUR),
        );
      }
      expect(snapshot.queryCount).toBe(client.queries - before);
      return client.queries - before;
    };
    const three = await queriesFor(fleetOf(3));
    const threeHundred = await queriesFor(fleetOf(300));
    expect(fleetOf(300)).toHaveLength(300);
    expect(three).toBe(2);
    expect(threeHundred).toBe(three);
  });

  it('reads the configured window', async () => {
    const lastHour = new TrafficObserver(client, { windowHours: 1 });
    const traffic = (await lastHour.observe(new Date(T * 1000))).trafficTo(
      checkoutService,
    );
    expect(traffic.window).toBe('1h');
    expectSameCallers(traffic, expectedTraffic(checkoutService, HOUR));
    expect(
      traffic.callers.find(c => c.sourceWorkload === 'curl')!.requests,
    ).toBeCloseTo(HOUR, 3);
  });

  it('is unknown with the reason, never an empty list, where Prometheus holds no Istio telemetry', async () => {
    // A month before the backfilled data: the queries answer, with nothing.
    const snapshot = await observer.observe(
      new Date((T - 30 * 24 * HOUR) * 1000),
    );
    expect(snapshot.trafficTo(checkoutService)).toEqual({
      window: '24h',
      state: 'unknown',
      reason: expect.stringMatching(
        /^Prometheus holds no Istio telemetry \(istio_requests_total, istio_tcp_connections_opened_total\) over the last 24h/,
      ),
      callers: [],
    });
  });

  it('is unknown with the reason when Prometheus goes away', async () => {
    await prometheus.stop();
    const snapshot = await observer.observe(new Date(T * 1000));
    expect(snapshot.trafficTo(checkoutService)).toEqual({
      window: '24h',
      state: 'unknown',
      reason: expect.stringMatching(
        /istio_requests_total could not be read: Prometheus at .* is unreachable/,
      ),
      callers: [],
    });
  });
});

describe('traffic without Prometheus', () => {
  it('is unknown for every service, with how to enable it', () => {
    const snapshot = trafficWithoutPrometheus({ windowHours: 24 });
    expect(snapshot.queryCount).toBe(0);
    expect(snapshot.trafficTo(checkoutService)).toEqual({
      window: '24h',
      state: 'unknown',
      reason: expect.stringMatching(
        /^mesh\.prometheus\.baseUrl is not set: observed traffic cannot be measured\. Set mesh\.prometheus\.baseUrl/,
      ),
      callers: [],
    });
  });
});

describe('readTrafficOptions', () => {
  it('defaults to 24 hours and refuses windows that are not whole hours from 1 to 720', () => {
    expect(readTrafficOptions(new ConfigReader({}))).toEqual({
      windowHours: 24,
    });
    expect(
      readTrafficOptions(
        new ConfigReader({ mesh: { traffic: { windowHours: 6 } } }),
      ),
    ).toEqual({ windowHours: 6 });
    for (const bad of [0, 1.5, 721, -3]) {
      expect(() =>
        readTrafficOptions(
          new ConfigReader({ mesh: { traffic: { windowHours: bad } } }),
        ),
      ).toThrow(
        /mesh\.traffic\.windowHours must be a whole number of hours from 1 to 720/,
      );
    }
  });
});
