/*
 * Benchmark: mesh:generate followed by mesh:validate, for one service and for
 * a batch of 100, through the real action handlers. Prints the figures.
 */
import { getVoidLogger } from './voidLogger';
import {
  analyzer,
  repositoryGoldenPaths,
  tempWorkspace,
  writeServiceContext,
} from '../src/__testUtils__/workspace';
import { createMeshGenerateAction } from '../src/actions/generate';
import { createMeshValidateAction } from '../src/actions/validate';

const goldenPaths = repositoryGoldenPaths();
const generate = createMeshGenerateAction({ goldenPaths, analyzer });
const validate = createMeshValidateAction({ goldenPaths, analyzer });

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

const millis = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function main() {
  // Loads the schema validators once, as a running backend would have.
  await onboard(repository(-1));
  const first = repository(0);
  let start = process.hrtime.bigint();
  await onboard(first);
  const one = millis(start);
  const batchRepositories = Array.from({ length: 100 }, (_, i) =>
    repository(i + 1),
  );
  start = process.hrtime.bigint();
  for (const repo of batchRepositories) await onboard(repo);
  const batch = millis(start);
  console.log(
    'scaffolder actions: mesh:generate + mesh:validate (tier-2, files on disk; repositories made before the clock starts)',
  );
  console.log(`  one service:          ${one.toFixed(0)} ms (target < 100 ms)`);
  console.log(
    `  batch of 100:         ${(batch / 1000).toFixed(2)} s (${(
      batch / 100
    ).toFixed(0)} ms per service; target < 5 s)`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
