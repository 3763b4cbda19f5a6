/**
 * The example telemetry in a real Prometheus, started the way ./scripts/start
 * starts it (scripts/lib/telemetry.sh): the figures the estate's roster
 * promises, read at the data's anchor and six hours later, whatever the day.
 * Run by scripts/test:
 *   node --require @backstage/cli/config/nodeTransform.cjs --test examples/telemetry/telemetry.test.ts
 */
import { execFile } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

const root = resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise(done => server.close(done));
  return port;
}

/** Runs start_example_prometheus in bash; resolves with its exit code and what it exported. */
async function startExamplePrometheus(dir: string, port: number) {
  const script = [
    'source scripts/lib/env.sh',
    'source scripts/lib/services.sh',
    'source scripts/lib/telemetry.sh',
    'start_example_prometheus; status=$?',
    'echo "url=${MESHPATH_PROMETHEUS_URL:-}"',
    'exit $status',
  ].join('\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MESHPATH_EXAMPLE_TELEMETRY_DIR: dir,
    MESHPATH_EXAMPLE_PROMETHEUS_PORT: String(port),
  };
  delete env.MESHPATH_PROMETHEUS_URL;
  // The node:test child's context would make the script's own node runs report to this runner.
  delete env.NODE_TEST_CONTEXT;
  try {
    const { stdout } = await promisify(execFile)('bash', ['-c', script], {
      cwd: root,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { status: 0, url: /url=(.*)/.exec(stdout)?.[1] ?? '' };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return {
      status: failed.code,
      url: /url=(.*)/.exec(failed.stdout)?.[1] ?? '',
    };
  }
}

async function stopPrometheus(dir: string) {
  const pid = Number(
    await readFile(join(dir, 'prometheus.pid'), 'utf8').catch(() => ''),
  );
  if (!pid) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

describe('the example telemetry in Prometheus', () => {
  let dir: string;
  let baseUrl: string;
  let anchor: number;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshpath-example-telemetry-'));
    const started = await startExamplePrometheus(dir, await freePort());
    assert.equal(started.status, 0, 'start_example_prometheus failed');
    baseUrl = started.url;
    anchor = Number(
      (await readFile(join(dir, 'anchor'), 'utf8')).split(' ')[0],
    );
  });

  after(async () => {
    await stopPrometheus(dir);
    await rm(dir, { recursive: true, force: true });
  });

  /** One value per label set of `by`, from an instant query at `time`. */
  async function query(promql: string, time: number) {
    const response = await fetch(`${baseUrl}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: promql, time: String(time) }),
    });
    const payload = (await response.json()) as any;
    assert.equal(payload.status, 'success', JSON.stringify(payload));
    return payload.data.result.map((row: any) => ({
      labels: row.metric as Record<string, string>,
      value: Number(row.value[1]),
    })) as Array<{ labels: Record<string, string>; value: number }>;
  }

  async function scalar(promql: string, time: number): Promise<number> {
    const rows = await query(promql, time);
    assert.equal(rows.length, 1, `${promql} gave ${JSON.stringify(rows)}`);
    return rows[0].value;
  }

  const requests = (service: string, extra = '') =>
    `istio_requests_total{reporter="destination",destination_service="${service}"${extra}}`;
  /** Failed requests (HTTP 5xx, or a gRPC status other than OK behind any other code) over all requests. */
  const errorRatio = (service: string, window: string) => {
    const http = `rate(${requests(
      service,
      ',response_code=~"5.."',
    )}[${window}])`;
    const grpc = `rate(${requests(
      service,
      ',response_code!~"5..",grpc_response_status!~"|0"',
    )}[${window}])`;
    return `(sum(${http} or ${grpc}) or vector(0)) / sum(rate(${requests(
      service,
    )}[${window}]))`;
  };
  /** Burn rate against an availability objective of `target` percent. */
  const burnRate = async (
    service: string,
    window: string,
    time: number,
    target: number,
  ) => (await scalar(errorRatio(service, window), time)) / (1 - target / 100);
  /** Share of requests slower than `thresholdMs`. */
  const slowRatio = (service: string, window: string, thresholdMs: number) => {
    const duration = `istio_request_duration_milliseconds`;
    const selector = `reporter="destination",destination_service="${service}"`;
    return `1 - sum(rate(${duration}_bucket{${selector},le="${thresholdMs}"}[${window}])) / sum(rate(${duration}_count{${selector}}[${window}]))`;
  };

  // The objectives the catalog gives them (examples/services/*/catalog-info.yaml):
  // orders is on the tier-1 golden path, the catalog services on tier-2.
  const TIER_1 = {
    availability: 99.9,
    latency: { target: 99, thresholdMs: 250 },
  };
  const TIER_2 = {
    availability: 99.5,
    latency: { target: 95, thresholdMs: 500 },
  };

  const ORDERS = 'orders.orders.svc.cluster.local';
  const RECOMMENDATIONS = 'recommendations.catalog.svc.cluster.local';
  const SEARCH = 'search.catalog.svc.cluster.local';
  const PRODUCTS = 'products.catalog.svc.cluster.local';
  const INVENTORY = 'inventory.catalog.svc.cluster.local';

  /** Unix seconds `hours` after the data's anchor: the figures are the same at the anchor and six hours on. */
  const later = (hours: number) => anchor + hours * 3600;
  /** Burn rates of `service` over each window against `target`. */
  const burnRates = async (service: string, target: number, at: number) => {
    const rates: Record<string, number> = {};
    for (const window of ['5m', '30m', '1h', '2h', '6h', '1d', '3d']) {
      rates[window] = await burnRate(service, window, at, target);
    }
    return rates;
  };
  /** Which multi-window alerts (Google SRE workbook) fire for these burn rates. */
  const firing = (rates: Record<string, number>) => ({
    page:
      (rates['1h'] > 14.4 && rates['5m'] > 14.4) ||
      (rates['6h'] > 6 && rates['30m'] > 6),
    ticket:
      (rates['1d'] > 3 && rates['2h'] > 3) ||
      (rates['3d'] > 1 && rates['6h'] > 1),
  });

  for (const hoursLater of [0, 6]) {
    test(`+${hoursLater}h: orders is healthy, 99.98 % over 30 days`, async () => {
      const at = later(hoursLater);
      const ratio = await scalar(errorRatio(ORDERS, '30d'), at);
      assert.ok(
        ratio > 0.00015 && ratio < 0.00025,
        `orders 30d error ratio ${ratio}`,
      );
      const rates = await burnRates(ORDERS, TIER_1.availability, at);
      assert.deepEqual(firing(rates), { page: false, ticket: false });
      for (const window of ['1h', '6h', '1d', '3d']) {
        assert.ok(rates[window] < 1, JSON.stringify(rates));
      }
    });

    test(`+${hoursLater}h: recommendations burns fast: it pages`, async () => {
      const at = later(hoursLater);
      for (const target of [TIER_2.availability, 99.9]) {
        const rates = await burnRates(RECOMMENDATIONS, target, at);
        assert.ok(
          rates['1h'] > 14.4 && rates['5m'] > 14.4,
          JSON.stringify(rates),
        );
      }
    });

    test(`+${hoursLater}h: search burns slowly: tickets, no page`, async () => {
      const at = later(hoursLater);
      const rates = await burnRates(SEARCH, TIER_2.availability, at);
      const text = JSON.stringify(rates);
      assert.ok(rates['6h'] > 1 && rates['6h'] < 6, text);
      assert.ok(rates['3d'] > 1 && rates['3d'] < 6, text);
      assert.ok(rates['1d'] > 3 && rates['2h'] > 3, text);
      assert.deepEqual(firing(rates), { page: false, ticket: true }, text);
    });

    test(`+${hoursLater}h: products has latency trouble only`, async () => {
      const at = later(hoursLater);
      const { target, thresholdMs } = TIER_2.latency;
      const slow = await scalar(slowRatio(PRODUCTS, '30d', thresholdMs), at);
      // More than its budget over 30 days, and burning at ticket level.
      assert.ok(
        slow > 1 - target / 100,
        `slower than ${thresholdMs} ms: ${slow}`,
      );
      const latencyBurn =
        (await scalar(slowRatio(PRODUCTS, '1d', thresholdMs), at)) /
        (1 - target / 100);
      assert.ok(
        latencyBurn > 3 && latencyBurn < 6,
        `latency burn rate ${latencyBurn}`,
      );
      const p95 = await scalar(
        `histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_service="${PRODUCTS}"}[1h])))`,
        at,
      );
      assert.ok(p95 > 250, `p95 ${p95} ms`);
      const errors = await burnRates(PRODUCTS, TIER_2.availability, at);
      assert.deepEqual(firing(errors), { page: false, ticket: false });
      const ordersSlow = await scalar(
        slowRatio(ORDERS, '30d', TIER_1.latency.thresholdMs),
        at,
      );
      assert.ok(
        ordersSlow < 1 - TIER_1.latency.target / 100,
        `orders slower than 250 ms: ${ordersSlow}`,
      );
    });

    test(`+${hoursLater}h: inventory fails some gRPC calls behind HTTP 200`, async () => {
      const at = later(hoursLater);
      const ratio = await scalar(errorRatio(INVENTORY, '1d'), at);
      assert.ok(
        ratio > 0.0003 && ratio < 0.0008,
        `inventory error ratio ${ratio}`,
      );
      const http5xx = await query(
        `sum(rate(${requests(INVENTORY, ',response_code=~"5.."')}[1d]))`,
        at,
      );
      assert.deepEqual(http5xx, []);
    });
  }

  test('no bucket grows faster than its count, even over 5 minutes', async () => {
    for (const hours of [0, 6]) {
      const rows = await query(
        `sum by (destination_service, le) (increase(istio_request_duration_milliseconds_bucket{reporter="destination"}[5m])) > on (destination_service) group_left sum by (destination_service) (increase(istio_request_duration_milliseconds_count{reporter="destination"}[5m]))`,
        later(hours),
      );
      assert.deepEqual(rows, []);
    }
  });

  test('reporting and notifications have no telemetry at all', async () => {
    const rows = await query(
      'count by (destination_service_name) ({__name__=~"istio_.+",destination_service_name=~"reporting|notifications"})',
      anchor,
    );
    assert.deepEqual(rows, []);
  });

  test('the callers of the roster, in both clusters', async () => {
    const rows = await query(
      'sum by (cluster, source_workload_namespace, source_workload, source_principal, destination_service, connection_security_policy) (increase(istio_requests_total{reporter="destination"}[1d])) > 0',
      anchor,
    );
    const callers = new Set(
      rows.map(
        ({ labels: l }) =>
          `${l.cluster} ${l.source_workload_namespace}/${l.source_workload} ${l.source_principal} -> ${l.destination_service} ${l.connection_security_policy}`,
      ),
    );
    for (const cluster of ['prod-eu', 'prod-us']) {
      // Denied by payments' policy, yet it calls, over mTLS.
      assert.ok(
        callers.has(
          `${cluster} catalog/search spiffe://cluster.local/ns/catalog/sa/search -> payments.payments.svc.cluster.local mutual_tls`,
        ),
        [...callers].join('\n'),
      );
      // Plaintext: no sidecar, no principal.
      assert.ok(
        callers.has(
          `${cluster} batch/legacy-batch unknown -> users.accounts.svc.cluster.local none`,
        ),
      );
      assert.ok(
        callers.has(
          `${cluster} web/storefront spiffe://cluster.local/ns/web/sa/storefront -> users.accounts.svc.cluster.local mutual_tls`,
        ),
      );
    }
    // 15 callers per cluster, and only legacy-batch talks plaintext.
    assert.equal(callers.size, 30);
    assert.equal([...callers].filter(c => c.endsWith(' none')).length, 2);
  });

  test('every counter only grows over the 31 days', async () => {
    for (const counter of [
      'istio_requests_total',
      'istio_request_duration_milliseconds_bucket',
      'istio_request_duration_milliseconds_count',
      'istio_request_duration_milliseconds_sum',
    ]) {
      const rows = await query(`sum(resets(${counter}[31d]))`, anchor + 3600);
      assert.deepEqual(
        rows.map(r => r.value),
        [0],
        counter,
      );
    }
  });

  test('when the port is taken, the start goes on without Prometheus', async () => {
    // The port of the Prometheus started above: no URL reaches the portal.
    const { port } = new URL(baseUrl);
    const second = await mkdtemp(join(tmpdir(), 'meshpath-example-telemetry-'));
    try {
      const started = await startExamplePrometheus(second, Number(port));
      assert.notEqual(started.status, 0);
      assert.equal(started.url, '');
    } finally {
      await stopPrometheus(second);
      await rm(second, { recursive: true, force: true });
    }
  });
});
