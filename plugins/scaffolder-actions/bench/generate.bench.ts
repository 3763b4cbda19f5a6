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

async function onboard(index: number) {
  const name = `service-${index}`;
  const workspacePath = tempWorkspace();
  writeServiceContext(workspacePath, { name, namespace: name, port: 8080 });
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
    context({ goldenPath: 'tier-2', paths: ['deploy'] }, workspacePath),
  );
}

const millis = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function main() {
  await onboard(-1); // loads the schema validators once, as a running backend would have
  let start = process.hrtime.bigint();
  await onboard(0);
  const one = millis(start);
  start = process.hrtime.bigint();
  for (let i = 1; i <= 100; i++) await onboard(i);
  const batch = millis(start);
  console.log(
    'scaffolder actions: mesh:generate + mesh:validate (tier-2, blue/green, files on disk)',
  );
  console.log(`  one service:          ${one.toFixed(0)} ms`);
  console.log(
    `  batch of 100:         ${(batch / 1000).toFixed(2)} s (${(
      batch / 100
    ).toFixed(0)} ms per service)`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
