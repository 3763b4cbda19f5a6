/*
 * Benchmark: parse and analyse a generated mesh of 10,000 services
 * (about 60,000 objects). Prints the time to parse the YAML alone, the time
 * to parse and analyse, their ratio, and the peak memory. Run with
 * `npm run bench` (root) or `npm run bench -w @meshpath/mesh-engine`.
 */
import { stringify } from 'yaml';
import { createAnalyzer } from '../src/analysis/analyzer';
import { parseManifests } from '../src/manifests/parseManifests';

const services = Number(process.env.MESHPATH_BENCH_SERVICES ?? 10_000);
const servicesPerNamespace = 50;

function generateMesh(count: number): string {
  const documents: unknown[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    },
  ];
  for (let i = 0; i < count; i++) {
    const name = `svc-${i}`;
    const namespace = `team-${Math.floor(i / servicesPerNamespace)}`;
    const labels = { app: name };
    if (i % servicesPerNamespace === 0) {
      documents.push(
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: namespace,
            labels: { 'istio-injection': 'enabled' },
          },
        },
        {
          apiVersion: 'security.istio.io/v1',
          kind: 'AuthorizationPolicy',
          metadata: { name: 'deny-all', namespace },
          spec: {},
        },
      );
    }
    const caller = `svc-${(i + 1) % count}`;
    documents.push(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace, labels },
        spec: {
          selector: { matchLabels: labels },
          template: {
            metadata: { labels: { ...labels, version: 'v1' } },
            spec: {
              serviceAccountName: name,
              containers: [{ name, image: `registry.invalid/${name}:1.0.0` }],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name, namespace },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace },
        spec: { selector: labels, ports: [{ name: 'http', port: 8080 }] },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name, namespace },
        spec: {
          hosts: [name],
          http: [
            {
              timeout: '3s',
              retries: { attempts: 2, perTryTimeout: '1s' },
              route: [{ destination: { host: name, subset: 'v1' } }],
            },
          ],
        },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name, namespace },
        spec: {
          host: name,
          trafficPolicy: {
            connectionPool: { tcp: { maxConnections: 100 } },
            outlierDetection: {
              consecutive5xxErrors: 5,
              interval: '10s',
              baseEjectionTime: '30s',
            },
          },
          subsets: [{ name: 'v1', labels: { version: 'v1' } }],
        },
      },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name, namespace },
        spec: {
          selector: { matchLabels: labels },
          rules: [
            {
              from: [
                {
                  source: {
                    principals: [
                      `cluster.local/ns/team-${Math.floor(
                        ((i + 1) % count) / servicesPerNamespace,
                      )}/sa/${caller}`,
                    ],
                  },
                },
              ],
              to: [{ operation: { methods: ['GET', 'POST'] } }],
            },
          ],
        },
      },
    );
  }
  return documents.map(document => stringify(document)).join('---\n');
}

const seconds = (start: bigint) =>
  Number(process.hrtime.bigint() - start) / 1e9;

async function main() {
  const text = generateMesh(services);
  const analyzer = await createAnalyzer();
  // Warm the validators (loaded once per process) on a tiny mesh.
  analyzer.analyze(parseManifests(generateMesh(2), 'warmup.yaml').objects);

  // One full parse first, so neither measurement pays the parser's warm-up.
  parseManifests(text, 'warmup.yaml');

  let start = process.hrtime.bigint();
  const objectCount = parseManifests(text, 'mesh.yaml').objects.length;
  const parseSeconds = seconds(start);

  start = process.hrtime.bigint();
  const parsed = parseManifests(text, 'mesh.yaml');
  const result = analyzer.analyze(parsed.objects);
  const totalSeconds = seconds(start);
  const peakMiB = process.resourceUsage().maxRSS / 1024;

  const errors = result.findings.filter(f => f.severity === 'error').length;
  console.log(
    `analysis engine: ${services} services, ${objectCount} objects, ${(
      text.length /
      1024 /
      1024
    ).toFixed(1)} MiB of YAML`,
  );
  console.log(`  parse only:          ${parseSeconds.toFixed(2)} s`);
  console.log(`  parse + analyse:     ${totalSeconds.toFixed(2)} s`);
  console.log(
    `  ratio:               ${(totalSeconds / parseSeconds).toFixed(
      2,
    )} (goal <= 2.0)`,
  );
  console.log(`  peak memory (RSS):   ${peakMiB.toFixed(0)} MiB (goal < 1024)`);
  console.log(
    `  findings:            ${result.findings.length} (${errors} errors; the generated services have no NetworkPolicy, Canary or SLO, so MP2004, MP2008 and MP2009 warn for each), compliance results: ${result.compliance.length}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
