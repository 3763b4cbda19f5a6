/* eslint-disable no-console -- a command-line tool that reports what it wrote */
// Writes what `mesh:generate` produces today for each estate service's
// golden-path parameters (examples/README.md), one folder per service, so the
// manifests in services/<name>/manifests can be compared with the generator's
// and regenerated: copy a folder over, then re-apply the service's hand edits
// (each edited file says why in its first lines). Run:
// node --require @backstage/cli/config/nodeTransform.cjs examples/tools/generate-services.ts [outDir]
import { ConfigReader } from '@backstage/config';
import { createAnalyzer } from '@meshpath/mesh-engine';
import { readGoldenPaths } from '@meshpath/plugin-mesh-common';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { createMeshGenerateAction } from '../../plugins/scaffolder-actions/src/actions/generate';

const examples = resolve(__dirname, '..');

/** What the onboarding form was answered for each service (its catalog-info.yaml gives golden path, name and namespace). */
const parameters: Record<string, object> = {
  orders: { callers: { serviceAccounts: ['web/storefront'] } },
  payments: { callers: { serviceAccounts: ['orders/orders'] } },
  cart: {
    callers: { serviceAccounts: ['web/storefront'] },
    delivery: { strategy: 'none' },
    // A tight route timeout; four tries must fit in it.
    trafficPolicy: { timeout: '2s', retries: { perTryTimeout: '400ms' } },
  },
  storefront: {
    exposure: { mode: 'gateway', hosts: ['shop.example.com'] },
  },
  auth: {
    dataplane: 'ambient',
    callers: { serviceAccounts: ['web/storefront'] },
    delivery: { strategy: 'none' },
  },
  users: {
    callers: { serviceAccounts: ['web/storefront'] },
    delivery: { strategy: 'none' },
  },
  products: {
    callers: {
      serviceAccounts: [
        'web/storefront',
        'catalog/search',
        'catalog/recommendations',
      ],
    },
    delivery: { strategy: 'none' },
  },
  search: {
    callers: { serviceAccounts: ['web/storefront'] },
    delivery: { strategy: 'none' },
  },
  inventory: {
    ports: [{ port: 9090, protocol: 'grpc' }],
    callers: { serviceAccounts: ['orders/orders', 'orders/cart'] },
    delivery: { strategy: 'none' },
  },
  recommendations: {
    callers: { serviceAccounts: ['catalog/search'] },
    delivery: { strategy: 'canary', stepWeight: 10, maxWeight: 50 },
  },
  reporting: { callers: { serviceAccounts: ['web/storefront'] } },
};

function catalogAnswers(service: string) {
  const info = parse(
    readFileSync(
      join(examples, 'services', service, 'catalog-info.yaml'),
      'utf8',
    ),
  );
  const annotations = info.metadata.annotations;
  return {
    goldenPath: annotations['meshpath.io/golden-path'],
    name: annotations['backstage.io/kubernetes-id'],
    namespace: annotations['backstage.io/kubernetes-namespace'],
    ports: [{ port: 8080, protocol: 'http' }],
    targetPath: 'manifests',
  };
}

async function main() {
  const out = resolve(
    process.argv[2] ?? mkdtempSync(join(tmpdir(), 'meshpath-estate-')),
  );
  const appConfig = parse(
    readFileSync(join(examples, '..', 'app-config.yaml'), 'utf8'),
  );
  const generate = createMeshGenerateAction({
    goldenPaths: readGoldenPaths(new ConfigReader({ mesh: appConfig.mesh })),
    analyzer: () => createAnalyzer(),
  });
  for (const [service, answers] of Object.entries(parameters)) {
    const workspacePath = mkdtempSync(join(tmpdir(), 'meshpath-workspace-'));
    const outputs: Record<string, unknown> = {};
    await generate.handler({
      input: { ...catalogAnswers(service), ...answers },
      workspacePath,
      isDryRun: true,
      logger: { info: () => undefined },
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
    } as any);
    const folder = join(out, service);
    rmSync(folder, { recursive: true, force: true });
    cpSync(join(workspacePath, 'manifests'), folder, { recursive: true });
    rmSync(workspacePath, { recursive: true, force: true });
    console.log(`${service}: ${outputs.summary}`);
  }
  console.log(
    `Written to ${out}; compare: diff -r ${out}/<service> examples/services/<service>/manifests`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
