/*
 * Benchmark: parse and analyse a generated mesh of 10,000 services
 * (about 60,000 objects). Prints the command line end to end beside js-yaml's
 * loadAll of the same file and their ratio, whether every finding keeps its
 * file and line, the time to parse alone and to parse and analyse, and the
 * peak memory. Run with
 * `npm run bench` (root) or `npm run bench -w @meshpath/mesh-engine`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createAnalyzer } from '../src/analysis/analyzer';
import { parityTable, parityTotals, runParity } from '../src/parity/parity';
import {
  parseManifests,
  parseManifestsPrecisely,
} from '../src/manifests/parseManifests';

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
              // Fits its timeout (3 tries of 1s and 100 ms back-off) as a golden path's must: they refuse one that does not (MP1126).
              timeout: '4s',
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

/**
 * Source for a child process: CPU seconds since `since` on its main thread
 * (Node's threadCpuUsage, when it has it) and in all its threads. CPU time
 * is what other processes on a shared machine disturb least.
 */
const cpuSnippet = `const cpuNow = () => ({ main: process.threadCpuUsage ? process.threadCpuUsage() : undefined, all: process.cpuUsage() });
  const cpuSince = since => { const now = cpuNow(); const s = (a, b) => (a.user + a.system - b.user - b.system) / 1e6;
    return { mainCpu: now.main && since.main ? s(now.main, since.main) : undefined, allCpu: s(now.all, since.all) }; };`;

const objectName = (o: { kind: string; namespace?: string; name: string }) =>
  `${o.kind} ${o.namespace ?? ''}/${o.name}`;

/**
 * The command line in a fresh process of its own, as a CI job runs it: read,
 * parse, analyse, write SARIF to a file. As for loadAll below, loading its
 * own code is not timed (from sources that is the TypeScript transform's
 * work); loading the schema validators is, through Node's own loader as in
 * an installed command line (commonJsSources.cjs says why). Run here, it would inherit the
 * heap of generating the mesh and pay for collecting it.
 */
function timeCommandLine(file: string, cwd: string) {
  const sarifFile = join(cwd, 'report.sarif');
  const child = spawnSync(
    process.execPath,
    [
      '--require',
      require.resolve('./commonJsSources.cjs'),
      '-e',
      `const { closeSync, openSync, writeSync } = require('node:fs');
       const { runCli } = require(${JSON.stringify(
         require.resolve('../src/cli/main'),
       )});
       const [file, cwd, sarifFile] = process.argv.slice(1);
       const fd = openSync(sarifFile, 'w');
       ${cpuSnippet}
       const cpuStart = cpuNow();
       const start = process.hrtime.bigint();
       runCli(['analyze', '--format', 'sarif', file], {
         out: text => writeSync(fd, text),
         err: text => process.stderr.write(text),
         cwd,
         version: 'bench',
       }).then(code => {
         const seconds = Number(process.hrtime.bigint() - start) / 1e9;
         closeSync(fd);
         console.log(JSON.stringify({ seconds, ...cpuSince(cpuStart), code, maxRSS: process.resourceUsage().maxRSS }));
       });`,
      file,
      cwd,
      sarifFile,
    ],
    { encoding: 'utf8', cwd },
  );
  if (child.status !== 0)
    throw new Error(`meshpath analyze failed: ${child.stderr}`);
  const {
    seconds: cliSeconds,
    mainCpu,
    allCpu,
    code,
    maxRSS,
  } = JSON.parse(child.stdout) as {
    seconds: number;
    mainCpu?: number;
    allCpu: number;
    code: number;
    maxRSS: number;
  };
  return {
    seconds: cliSeconds,
    mainCpu,
    allCpu,
    code,
    peakMiB: maxRSS / 1024,
    sarif: readFileSync(sarifFile, 'utf8'),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median of values a platform may not measure (per-thread CPU time). */
const medianOf = (values: Array<number | undefined>) =>
  values.every(value => value !== undefined)
    ? median(values as number[])
    : undefined;

/** js-yaml's loadAll of the file, cold in a process of its own as the command line is: the yardstick. */
function timeLoadAll(file: string) {
  const child = spawnSync(
    process.execPath,
    [
      '-e',
      `const { loadAll } = require(${JSON.stringify(
        require.resolve('js-yaml'),
      )});
       ${cpuSnippet}
       const cpuStart = cpuNow();
       const start = process.hrtime.bigint();
       const count = loadAll(require('node:fs').readFileSync(process.argv[1], 'utf8')).length;
       console.log(JSON.stringify({ seconds: Number(process.hrtime.bigint() - start) / 1e9, ...cpuSince(cpuStart), count }));`,
      file,
    ],
    { encoding: 'utf8' },
  );
  if (child.status !== 0)
    throw new Error(`js-yaml loadAll failed: ${child.stderr}`);
  const {
    seconds: loadAllSeconds,
    mainCpu,
    allCpu,
    count: loadAllCount,
  } = JSON.parse(child.stdout);
  return { loadAllSeconds, mainCpu, allCpu, loadAllCount } as {
    loadAllSeconds: number;
    mainCpu?: number;
    allCpu: number;
    loadAllCount: number;
  };
}

async function main() {
  const text = generateMesh(services);
  const dir = mkdtempSync(join(tmpdir(), 'meshpath-bench-'));
  const file = join(dir, 'mesh.yaml');
  writeFileSync(file, text);

  // Both sides in turn, each leading every other round, so a machine settling favours neither; medians reported.
  const rounds = Math.max(1, Number(process.env.MESHPATH_BENCH_ROUNDS ?? 3));
  const clis: Array<ReturnType<typeof timeCommandLine>> = [];
  const yardsticks: Array<ReturnType<typeof timeLoadAll>> = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      clis.push(timeCommandLine(file, dir));
      yardsticks.push(timeLoadAll(file));
    } else {
      yardsticks.push(timeLoadAll(file));
      clis.push(timeCommandLine(file, dir));
    }
  }
  const cli = {
    ...clis[clis.length - 1],
    seconds: median(clis.map(c => c.seconds)),
    mainCpu: medianOf(clis.map(c => c.mainCpu)),
    allCpu: median(clis.map(c => c.allCpu)),
    peakMiB: Math.max(...clis.map(c => c.peakMiB)),
  };
  const yardstick = {
    loadAllSeconds: median(yardsticks.map(y => y.loadAllSeconds)),
    loadAllCount: yardsticks[0].loadAllCount,
    mainCpu: medianOf(yardsticks.map(y => y.mainCpu)),
    allCpu: median(yardsticks.map(y => y.allCpu)),
  };
  const roundRatios = clis.map(
    (c, round) => c.seconds / yardsticks[round].loadAllSeconds,
  );
  const { loadAllSeconds, loadAllCount } = yardstick;
  let start: bigint;

  const analyzer = await createAnalyzer();
  // Warm the validators (loaded once per process) on a tiny mesh.
  analyzer.analyze(parseManifests(generateMesh(2), 'warmup.yaml').objects);

  // One full parse first, so neither measurement pays the parser's warm-up.
  parseManifests(text, 'warmup.yaml');

  start = process.hrtime.bigint();
  const objectCount = parseManifests(text, 'mesh.yaml').objects.length;
  const parseSeconds = seconds(start);

  start = process.hrtime.bigint();
  const parsed = parseManifests(text, 'mesh.yaml');
  const result = analyzer.analyze(parsed.objects);
  const totalSeconds = seconds(start);
  const peakMiB = process.resourceUsage().maxRSS / 1024;

  // Every finding's file and line, checked against the positional parser's.
  const precise = new Map(
    parseManifestsPrecisely(text, file).objects.map(o => [
      objectName({
        kind: o.object.kind,
        namespace: o.object.metadata.namespace,
        name: o.object.metadata.name,
      }),
      o.source!.line,
    ]),
  );
  const results = JSON.parse(cli.sarif).runs[0].results as Array<{
    message: { text: string };
    locations: Array<{
      physicalLocation: {
        artifactLocation: { uri: string };
        region: { startLine: number };
      };
    }>;
  }>;
  const wrong = result.findings.filter(
    f =>
      !f.object ||
      !f.source ||
      precise.get(objectName(f.object)) !== f.source.line,
  ).length;
  const located = results.filter(
    r =>
      r.locations[0]?.physicalLocation.artifactLocation.uri === 'mesh.yaml' &&
      r.locations[0].physicalLocation.region.startLine >= 1,
  ).length;

  const errors = result.findings.filter(f => f.severity === 'error').length;
  console.log(
    `analysis engine: ${services} services, ${objectCount} objects, ${(
      text.length /
      1024 /
      1024
    ).toFixed(1)} MiB of YAML`,
  );
  console.log(
    `  meshpath analyze (read, parse, analyse, write SARIF; its own fresh process, median of ${rounds}): ${cli.seconds.toFixed(
      2,
    )} s, exit ${cli.code}`,
  );
  console.log(
    `  js-yaml loadAll of the same file (its own fresh process, median of ${rounds}): ${loadAllSeconds.toFixed(
      2,
    )} s (${loadAllCount} documents)`,
  );
  console.log(
    `  command line / loadAll:           ${(
      cli.seconds / loadAllSeconds
    ).toFixed(2)} (goal <= 3.0; rounds ${roundRatios
      .map(ratio => ratio.toFixed(2))
      .join(', ')})`,
  );
  // On a busy machine wall times swing with the neighbours; CPU time much less.
  if (cli.mainCpu !== undefined && yardstick.mainCpu !== undefined)
    console.log(
      `  CPU time, main thread (all threads): command line ${cli.mainCpu.toFixed(
        2,
      )} s (${cli.allCpu.toFixed(2)} s), loadAll ${yardstick.mainCpu.toFixed(
        2,
      )} s (${yardstick.allCpu.toFixed(2)} s), main-thread ratio ${(
        cli.mainCpu / yardstick.mainCpu
      ).toFixed(2)}`,
    );
  console.log(
    `  file and line: ${
      results.length - located
    } SARIF results without a location; ${wrong} of ${
      result.findings.length
    } findings on another line than the positional parser gives its object (goal 0)`,
  );
  console.log(`  parse only (warm):   ${parseSeconds.toFixed(2)} s`);
  console.log(`  parse + analyse:     ${totalSeconds.toFixed(2)} s`);
  console.log(
    `  parse + analyse / parse: ${(totalSeconds / parseSeconds).toFixed(2)}`,
  );
  console.log(
    `  peak memory (RSS):   ${cli.peakMiB.toFixed(
      0,
    )} MiB the command line, ${peakMiB.toFixed(
      0,
    )} MiB this process (goal < 1024)`,
  );
  console.log(
    `  findings:            ${result.findings.length} (${errors} errors; the generated services have no NetworkPolicy, Canary or SLO, so MP2004, MP2008 and MP2009 warn for each), compliance results: ${result.compliance.length}`,
  );
  rmSync(dir, { recursive: true, force: true });
  // Parity with the peers' own tests (src/parity): the table's totals.
  const parity = parityTotals(parityTable(runParity(analyzer)));
  console.log(
    `  parity with istioctl/Kiali tests: ${parity.scenarios} scenarios over ${parity.codes} codes, ${parity.agreed} agreed, ${parity.disagreements} written disagreements (npm run parity for the table)`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
