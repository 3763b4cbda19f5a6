/*
 * Benchmark: mesh:generate followed by mesh:validate, for one service and for
 * a batch of 100, and mesh:remediate of one service, through the real action
 * handlers. Prints the figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getVoidLogger } from './voidLogger';
import {
  analyzer,
  repositoryGoldenPaths,
  tempWorkspace,
  writeServiceContext,
} from '../src/__testUtils__/workspace';
import { createMeshGenerateAction } from '../src/actions/generate';
import { createMeshRemediateAction } from '../src/actions/remediate';
import { createMeshValidateAction } from '../src/actions/validate';

const goldenPaths = repositoryGoldenPaths();
const generate = createMeshGenerateAction({ goldenPaths, analyzer });
const validate = createMeshValidateAction({ goldenPaths, analyzer });

const remediate = createMeshRemediateAction({ goldenPaths, analyzer });

const context = (input: Record<string, unknown>, workspacePath: string) =>
  ({ input, workspacePath, logger: getVoidLogger(), output: () => {} } as any);

/** The service's repository before onboarding: made before the clock starts. */
function repository(index: number) {
  const name = `service-${index}`;
  const workspacePath = tempWorkspace();
  writeServiceContext(workspacePath, { name, namespace: name, port: 8080 });
  return { name, workspacePath };
}

async function onboard({ name, workspacePath }: ReturnType<typeof repository>) {
  const input = {
    goldenPath: 'tier-2',
    name,
    namespace: name,
    ports: [{ port: 8080, protocol: 'http' }],
    callers: { serviceAccounts: ['storefront/storefront'] },
    targetPath: 'deploy/mesh',
  };
  await generate.handler(context(input, workspacePath));
  await validate.handler(
    context(
      { goldenPath: 'tier-2', paths: ['deploy'], failOnErrors: false },
      workspacePath,
    ),
  );
}

/** A service's hand-written manifests with five fixable findings, made before the clock starts. */
function findingsRepository(index: number) {
  const workspacePath = tempWorkspace();
  mkdirSync(join(workspacePath, 'deploy', 'mesh'), { recursive: true });
  writeFileSync(
    join(workspacePath, 'deploy', 'mesh', 'mesh.yaml'),
    `# service-${index}
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: service-${index}, namespace: shop}
spec:
  mtls: {mode: PERMISSIVE}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: service-${index}, namespace: shop}
spec:
  hosts: [service-${index}]
  http:
  - route:
    - destination: {host: service-${index}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: service-${index}, namespace: shop}
spec:
  host: service-${index}
  trafficPolicy:
    tls: {mode: DISABLE}
`,
  );
  return { name: `service-${index}`, workspacePath };
}

async function fix({
  name,
  workspacePath,
}: {
  name: string;
  workspacePath: string;
}) {
  await remediate.handler(
    context(
      {
        entityRef: `component:default/${name}`,
        codes: ['MP1201', 'MP2001', 'MP2005', 'MP2006', 'MP2007'],
      },
      workspacePath,
    ),
  );
}

const millis = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function main() {
  // Loads the schema validators once, as a running backend would have.
  await onboard(repository(-1));
  // One service at a time, five times: the median, as a machine shared with other work jitters.
  const singles: number[] = [];
  for (let i = 0; i < 5; i++) {
    const single = repository(1000 + i);
    const began = process.hrtime.bigint();
    await onboard(single);
    singles.push(millis(began));
  }
  const one = [...singles].sort((a, b) => a - b)[2];
  let start: bigint;
  const batchRepositories = Array.from({ length: 100 }, (_, i) =>
    repository(i + 1),
  );
  start = process.hrtime.bigint();
  for (const repo of batchRepositories) await onboard(repo);
  const batch = millis(start);
  await fix(findingsRepository(-1));
  const findings = findingsRepository(0);
  start = process.hrtime.bigint();
  await fix(findings);
  const remediation = millis(start);
  console.log(
    'scaffolder actions: mesh:generate + mesh:validate (tier-2, files on disk; repositories made before the clock starts)',
  );
  console.log(
    `  one service:          ${one.toFixed(0)} ms (median of 5 runs: ${singles
      .map(ms => ms.toFixed(0))
      .join(', ')} ms; target < 100 ms)`,
  );
  console.log(
    `  batch of 100:         ${(batch / 1000).toFixed(2)} s (${(
      batch / 100
    ).toFixed(0)} ms per service; target < 5 s)`,
  );
  console.log(
    `  mesh:remediate:       ${remediation.toFixed(
      0,
    )} ms (five findings of one service fixed, validated and described)`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
