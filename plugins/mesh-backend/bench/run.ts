/*
 * Benchmarks (printed figures, never asserted):
 *  1. A full refresh of 10,000 services in three clusters (about 60,000 objects served by the
 *     local Kubernetes list API through the real Kubernetes backend): list, analyse, attribute,
 *     store; analysis time, list calls, PromQL queries (real Prometheus), peak RSS.
 *  2. GET /entities/.../state under 100 concurrent clients (a child process), served from the
 *     database, next to the real catalog's GET /entities/by-name in the same backend: p50/p99.
 * Both on SQLite and, when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set, PostgreSQL.
 * Run with `npm run bench` in this package.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { fork } from 'child_process';
import { mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { DatabaseMeshStore } from '../src/database';
import meshPlugin from '../src';
import { RefreshService } from '../src/service/RefreshService';
import { createAnalyzer } from '@meshpath/mesh-engine';
import { KubernetesClusterSource } from '../src/sources/cluster';
import { TrafficObserver } from '../src/traffic/TrafficObserver';
import { FakeCluster, FakeObject } from '../src/__testUtils__/fakeKubernetes';
import {
  RunningKubernetesBackend,
  startFakeClusters,
} from '../src/__testUtils__/kubernetesBackend';
import { PrometheusClient } from '../src/slo/PrometheusClient';
import { SloEngine } from '../src/slo/SloEngine';
import { meshFixtures } from '../src/__testUtils__/meshFixtures';
import {
  generateOpenMetrics,
  GeneratedSeries,
} from '../src/__testUtils__/openMetrics';
import { startPrometheus } from '../src/__testUtils__/prometheus';
import { BenchDatabase, postgresDatabase, sqliteDatabase } from './databases';
import type { LoadJob, LoadResult } from './loadClient';

const SERVICES = Number(process.env.MESHPATH_BENCH_SERVICES ?? 10_000);
const CLIENTS = 100;
const REQUESTS = 10_000;
const WARMUP_REQUESTS = 2_000;
// Even, so that each endpoint leads as often as it follows.
const ROUNDS =
  2 * Math.ceil(Number(process.env.MESHPATH_BENCH_ROUNDS ?? 4) / 2);

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
      destination_service: `${name(i)}.team-${i % 50}.svc.cluster.local`,
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

const CLUSTERS = ['eu', 'us', 'ap'];
// The figures of the per-service refresh this one replaced (README, 23 Nov 2026: objects from memory, no list API).
const BEFORE = { SQLite: 22.0, PostgreSQL: 36.9 } as Record<string, number>;

/** Each service's Service, Deployment and mesh objects (six), in one of 50 namespaces of its cluster. */
function clusterWorlds(): Record<string, FakeCluster> {
  const objects: Record<string, FakeObject[]> = Object.fromEntries(
    CLUSTERS.map(c => [c, []]),
  );
  for (let i = 0; i < SERVICES; i++) {
    const namespace = `team-${i % 50}`;
    objects[CLUSTERS[i % CLUSTERS.length]].push(
      ...meshFixtures(name(i), namespace).filter(
        f => f.object.kind !== 'Pod' && f.object.kind !== 'Canary',
      ),
    );
  }
  return Object.fromEntries(
    CLUSTERS.map(c => [
      c,
      {
        behaviour: 'ok' as const,
        objects: [
          ...Array.from({ length: 50 }, (_, n) => ({
            group: '',
            version: 'v1',
            plural: 'namespaces',
            object: {
              kind: 'Namespace',
              metadata: {
                name: `team-${n}`,
                labels: { 'istio-injection': 'enabled' },
              },
            },
          })),
          {
            group: 'security.istio.io',
            version: 'v1',
            plural: 'peerauthentications',
            object: {
              kind: 'PeerAuthentication',
              metadata: { name: 'default', namespace: 'istio-system' },
              spec: { mtls: { mode: 'STRICT' } },
            },
          },
          ...objects[c],
        ],
      },
    ]),
  );
}

function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // fork keeps this process's execArgv, so the child loads TypeScript the same way.
    const child = fork(join(__dirname, 'loadClient.ts'));
    // The TypeScript loader also talks over IPC (file-watch notices): take only the result.
    child.on('message', message => {
      if ((message as Partial<LoadResult>).latencies)
        resolve(message as LoadResult);
    });
    child.once('error', reject);
    child.once('exit', code => {
      if (code !== 0) reject(new Error(`load client exited with ${code}`));
    });
    child.send(job);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function refreshInto(
  database: BenchDatabase,
  prometheusBaseUrl: string,
  discovery: RunningKubernetesBackend['discovery'],
  at: Date,
) {
  const knex = await database.pluginClient('mesh');
  const store = await DatabaseMeshStore.create({
    database: mockServices.database({ knex }),
  });
  const prometheus = new PrometheusClient({
    baseUrl: prometheusBaseUrl,
    timeoutMs: 120_000,
  });
  const refresh = new RefreshService({
    catalog: catalogServiceMock({ entities: entities() }),
    auth: mockServices.auth(),
    store,
    logger: mockServices.rootLogger({ level: 'warn' }),
    clusterSources: [
      new KubernetesClusterSource({
        auth: mockServices.auth(),
        discovery,
        clusterTimeoutMs: 300_000,
      }),
    ],
    sloEngine: new SloEngine(prometheus),
    traffic: {
      options: { windowHours: 1 },
      observer: new TrafficObserver(prometheus, { windowHours: 1 }),
    },
    analyzer: await createAnalyzer(),
    rootNamespace: 'istio-system',
    historyRetentionDays: 90,
  });
  const started = Date.now();
  const result = await refresh.refreshAll(at);
  const seconds = (Date.now() - started) / 1000;
  const clusters = result.clusters ?? [];
  const sample = await store.getState(`component:default/${name(0)}`);
  process.stdout.write(
    `Refresh of ${result.entities} services in ${clusters.length} clusters on ${
      database.label
    }: ${seconds.toFixed(1)} s` +
      ` (before: ${
        BEFORE[database.label] ?? '?'
      } s for the per-service refresh, objects from memory)\n${clusters
        .map(
          c =>
            `  cluster ${c.cluster}: ${c.objects} objects, ${
              c.entities
            } services, ${c.listCalls} list calls, read ${(
              (c.readMs ?? 0) / 1000
            ).toFixed(1)} s, analysis ${(c.analysisMs / 1000).toFixed(
              2,
            )} s, store ${((c.storeMs ?? 0) / 1000).toFixed(1)} s${
              c.errors.length ? `, errors: ${c.errors.join('; ')}` : ''
            }\n`,
        )
        .join('')}  Kubernetes list calls per refresh: ${
        result.listCalls
      }; PromQL queries per refresh: ${
        result.promqlQueries
      }; slowest analysis ${(
        Math.max(...clusters.map(c => c.analysisMs)) / 1000
      ).toFixed(2)} s\n` +
      `  peak RSS of this process (the refresh, the list API stand-in and the store): ${(
        process.resourceUsage().maxRSS / 1024
      ).toFixed(0)} MiB\n` +
      `  sample ${name(0)}: ${sample?.objects.length} objects, mTLS ${
        sample?.mtls
      }, ${
        sample?.compliance.findings.length
      } findings, 5m burn rate ${JSON.stringify(
        sample?.slos[0]?.burnRates['5m'],
      )}, traffic ${sample?.traffic?.state}\n`,
  );
  await knex.destroy();
}

// The real catalog, loaded with the same entities, next to the mesh plugin on the same database.
async function compareWithCatalog(database: BenchDatabase, dir: string) {
  const catalogFile = join(dir, 'catalog.yaml');
  await writeFile(
    catalogFile,
    entities()
      .map(e => stringify(e))
      .join('---\n'),
  );
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      meshPlugin,
      mockServices.rootConfig.factory({
        data: {
          backend: { database: database.backendConfig },
          catalog: {
            locations: [{ type: 'file', target: catalogFile }],
            rules: [{ allow: ['Component', 'Location'] }],
            // Ingest once, then stay quiet: re-processing 10,000 entities during
            // the measurement would slow whichever endpoint it happened to overlap.
            processingInterval: { hours: 1 },
          },
          mesh: { kubernetes: { enabled: false }, refresh: { enabled: false } },
        },
      }),
    ],
  });
  const root = `http://127.0.0.1:${backend.server.port()}/api`;
  const started = Date.now();
  for (;;) {
    const res = await fetch(
      `${root}/catalog/entities/by-query?filter=kind=component&limit=1`,
    );
    const { totalItems } = (await res.json()) as { totalItems: number };
    if (totalItems >= SERVICES) break;
    if (Date.now() - started > 15 * 60_000)
      throw new Error(`catalog ingested only ${totalItems} entities`);
    await new Promise(r => setTimeout(r, 2000));
  }
  process.stdout.write(
    `  catalog ingested ${SERVICES} entities on ${database.label} in ${(
      (Date.now() - started) /
      1000
    ).toFixed(0)} s\n`,
  );

  // The load comes from a child process, as it would from other machines, so the
  // client's own work (sending, reading bodies) is not charged to the server's loop;
  // it times each request to the response's last byte and decodes bodies afterwards.
  const load = (path: (i: number) => string, requests: number) =>
    runLoad({
      urls: Array.from(
        { length: requests },
        () => `${root}${path(Math.floor(Math.random() * SERVICES))}`,
      ),
      clients: CLIENTS,
    });
  const endpoints = [
    {
      label: 'Catalog entity-by-name',
      path: (i: number) =>
        `/catalog/entities/by-name/component/default/${name(i)}`,
      rounds: [] as { p50: number; p99: number }[],
    },
    {
      label: 'Mesh state endpoint',
      path: (i: number) => `/mesh/entities/component/default/${name(i)}/state`,
      rounds: [] as { p50: number; p99: number }[],
    },
  ];
  for (const endpoint of endpoints) await load(endpoint.path, WARMUP_REQUESTS);
  // Alternate the two endpoints so that a slow moment of the machine hits both alike,
  // first one then the other leading (ABBA), so that load that rises or falls over the
  // run (the catalog's own processing settling) favours neither.
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? endpoints : [...endpoints].reverse();
    for (const endpoint of order) {
      const result = await load(endpoint.path, REQUESTS);
      const p50 = percentile(result.latencies, 50);
      const p99 = percentile(result.latencies, 99);
      endpoint.rounds.push({ p50, p99 });
      process.stdout.write(
        `  round ${round}: ${endpoint.label} (${database.label}), ${CLIENTS} concurrent clients, ` +
          `${REQUESTS} requests over ${SERVICES} entities: p50 ${p50.toFixed(
            1,
          )} ms, ` +
          `p99 ${p99.toFixed(1)} ms, ${(REQUESTS / result.seconds).toFixed(
            0,
          )} req/s, ` +
          `${result.meanBytes} bytes/response (${
            result.meanWireBytes
          } as sent, decoded in ${(result.meanDecodeMs * 1000).toFixed(
            0,
          )} µs after the run), ${result.failures} failures\n`,
      );
    }
  }
  const [catalog, mesh] = endpoints.map(e => ({
    p50: median(e.rounds.map(r => r.p50)),
    p99: median(e.rounds.map(r => r.p99)),
  }));
  for (const [endpoint, figures] of [
    [endpoints[0], catalog],
    [endpoints[1], mesh],
  ] as const) {
    process.stdout.write(
      `${endpoint.label} (${database.label}), median of ${ROUNDS} rounds: ` +
        `p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms\n`,
    );
  }
  process.stdout.write(
    `Ratio mesh/catalog on ${database.label}: p50 ${(
      mesh.p50 / catalog.p50
    ).toFixed(2)}, p99 ${(mesh.p99 / catalog.p99).toFixed(2)}\n`,
  );
  await backend.stop();
}

async function main() {
  const end = Math.floor(Date.now() / 1000 / 60) * 60 - 600;
  process.stdout.write(
    `Generating telemetry for ${SERVICES} services and backfilling Prometheus...\n`,
  );
  const started = Date.now();
  const prometheus = await startPrometheus(telemetry(end));
  process.stdout.write(
    `  Prometheus ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  const postgres =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  const databases = [
    await sqliteDatabase(),
    ...(postgres ? [postgresDatabase(postgres)] : []),
  ];
  if (!postgres)
    process.stdout.write(
      '  (no PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set; scripts/bench sets it)\n',
    );
  const worlds = clusterWorlds();
  const clusters = await startFakeClusters(worlds);
  const { backend } = clusters;
  process.stdout.write(
    `  ${CLUSTERS.length} clusters, ${Object.values(worlds).reduce(
      (n, w) => n + (w.objects?.length ?? 0),
      0,
    )} objects, served by the local list API through the real Kubernetes backend\n`,
  );
  const dir = await mkdtemp(join(tmpdir(), 'meshpath-bench-catalog-'));
  try {
    for (const database of databases) {
      await refreshInto(
        database,
        prometheus.baseUrl,
        backend.discovery,
        new Date(end * 1000),
      );
    }
    await clusters.stop();
    await prometheus.stop();
    for (const database of databases) {
      await compareWithCatalog(database, dir);
    }
  } finally {
    for (const database of databases) await database.cleanup();
    await rm(dir, { recursive: true, force: true });
  }
}

// Exit explicitly: the stopped test backend can leave timers (catalog processing) behind.
main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
