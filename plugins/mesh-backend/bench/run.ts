/*
 * Benchmarks (printed figures, never asserted):
 *  1. A refresh of 10,000 services against a real Prometheus: PromQL queries issued and wall time.
 *  2. GET /entities/.../state under 100 concurrent clients, served from the database: p50/p99.
 * Run with `npm run bench` in this package.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory from 'knex';
import { DatabaseMeshStore } from '../src/database';
import meshPlugin from '../src';
import { RefreshService } from '../src/service/RefreshService';
import { PrometheusClient } from '../src/slo/PrometheusClient';
import { SloEngine } from '../src/slo/SloEngine';
import type {
  LiveObjectSource,
  MeshKubernetesObject,
} from '../src/sources/types';
import { meshFixtures } from '../src/__testUtils__/meshFixtures';
import {
  generateOpenMetrics,
  GeneratedSeries,
} from '../src/__testUtils__/openMetrics';
import { startPrometheus } from '../src/__testUtils__/prometheus';

const SERVICES = Number(process.env.MESHPATH_BENCH_SERVICES ?? 10_000);
const CLIENTS = 100;
const REQUESTS = 10_000;

const name = (i: number) => `svc-${String(i).padStart(5, '0')}`;

function entities() {
  return Array.from({ length: SERVICES }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: name(i),
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name(i) },
    },
    spec: {
      type: 'service',
      owner: `group:default/team-${i % 50}`,
      lifecycle: 'production',
    },
  }));
}

// One hour of 1-minute samples: every service has traffic, one in ten has 5xx.
function telemetry(end: number): string {
  const series: GeneratedSeries[] = [];
  for (let i = 0; i < SERVICES; i++) {
    const labels = {
      reporter: 'destination',
      destination_service: `${name(i)}.shop.svc.cluster.local`,
    };
    series.push({
      sample: 'istio_requests_total',
      labels: { ...labels, response_code: '200' },
      ratePerSecond: () => 10,
    });
    if (i % 10 === 0)
      series.push({
        sample: 'istio_requests_total',
        labels: { ...labels, response_code: '503' },
        ratePerSecond: () => 0.1,
      });
  }
  const times: number[] = [];
  for (let t = end - 3600; t <= end; t += 60) times.push(t);
  return generateOpenMetrics(
    [{ name: 'istio_requests', type: 'counter', series }],
    times,
  );
}

// Live objects from memory: this measures the refresh itself, not a cluster API.
const liveSource: LiveObjectSource = {
  name: 'bench',
  async fetchObjects(entityRef) {
    const objects = meshFixtures(entityRef.split('/')[1]).map(
      f =>
        ({
          ...f.object,
          apiVersion: f.group ? `${f.group}/${f.version}` : f.version,
        } as MeshKubernetesObject),
    );
    return {
      clusters: [{ cluster: 'bench', objects, errors: [] }],
      errors: [],
    };
  },
};

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function main() {
  const end = Math.floor(Date.now() / 1000 / 60) * 60 - 600;
  process.stdout.write(
    `Generating telemetry for ${SERVICES} services and backfilling Prometheus...\n`,
  );
  let started = Date.now();
  const prometheus = await startPrometheus(telemetry(end));
  process.stdout.write(
    `  Prometheus ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );

  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  const database = mockServices.database({ knex });
  const store = await DatabaseMeshStore.create({ database });
  const catalogEntities = entities();
  const refresh = new RefreshService({
    catalog: catalogServiceMock({ entities: catalogEntities }),
    auth: mockServices.auth(),
    store,
    logger: mockServices.rootLogger({ level: 'warn' }),
    liveSources: [liveSource],
    sloEngine: new SloEngine(
      new PrometheusClient({ baseUrl: prometheus.baseUrl, timeoutMs: 120_000 }),
    ),
    rootNamespace: 'istio-system',
    historyRetentionDays: 90,
    concurrency: 50,
  });

  started = Date.now();
  const result = await refresh.refreshAll(new Date(end * 1000));
  const refreshSeconds = (Date.now() - started) / 1000;
  await prometheus.stop();
  const sample = await store.getState(`component:default/${name(0)}`);
  process.stdout.write(
    `Refresh of ${result.entities} services: ${
      result.promqlQueries
    } PromQL queries, ${refreshSeconds.toFixed(1)} s` +
      ` (sample ${name(0)} 5m burn rate: ${JSON.stringify(
        sample?.slos[0].burnRates['5m'],
      )})\n`,
  );

  const backend = await startTestBackend({
    features: [
      meshPlugin,
      catalogServiceMock.factory({ entities: catalogEntities }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: { mesh: { kubernetes: { enabled: false } } },
      }),
    ],
  });
  const base = `http://127.0.0.1:${backend.server.port()}/api/mesh`;
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const client = async () => {
    while (next < REQUESTS) {
      next++;
      const i = Math.floor(Math.random() * SERVICES);
      const t0 = performance.now();
      const res = await fetch(
        `${base}/entities/component/default/${name(i)}/state`,
      );
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (!res.ok) failures++;
    }
  };
  started = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  process.stdout.write(
    `State endpoint, ${CLIENTS} concurrent clients, ${REQUESTS} requests over ${SERVICES} services: ` +
      `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(
        latencies,
        99,
      ).toFixed(1)} ms, ` +
      `${(REQUESTS / seconds).toFixed(0)} req/s, ${failures} failures\n`,
  );
  await backend.stop();
  await knex.destroy();
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
