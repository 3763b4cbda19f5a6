import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeCodes } from '../__testUtils__/analyzeCodes';

/** A checkout whose policy names callers in the platform's own trust domain. */
function checkout(appConfig: string) {
  const dir = mkdtempSync(join(tmpdir(), 'meshpath-platform-'));
  mkdirSync(join(dir, 'deploy'));
  writeFileSync(
    join(dir, 'deploy', 'policy.yaml'),
    `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: orders, namespace: shop }
spec:
  rules:
    - from: [{ source: { principals: [corp.example/ns/shop/sa/checkout] } }]
`,
  );
  writeFileSync(join(dir, 'app-config.yaml'), appConfig);
  return dir;
}

async function codes(args: string[], cwd: string) {
  const run = await analyzeCodes(args, cwd);
  expect(run.stderr).toBe('');
  expect(run.code).not.toBe(2);
  return run.codes;
}

describe('meshpath analyze --config reads mesh.platform as the portal does', () => {
  it("judges principals by the platform's trust domain", async () => {
    const dir = checkout('mesh:\n  platform:\n    trustDomain: corp.example\n');
    expect(await codes([], dir)).toContain('MP1128');
    expect(await codes(['--config', 'app-config.yaml'], dir)).not.toContain(
      'MP1128',
    );
  });

  it("takes a golden path's own platform over mesh.platform", async () => {
    const dir = checkout(`mesh:
  platform:
    trustDomain: other.example
  goldenPaths:
    corp:
      defaults:
        platform: { trustDomain: corp.example }
`);
    expect(await codes(['--config', 'app-config.yaml'], dir)).toContain(
      'MP1128',
    );
    expect(
      await codes(
        ['--config', 'app-config.yaml', '--golden-path', 'corp'],
        dir,
      ),
    ).not.toContain('MP1128');
  });
});
