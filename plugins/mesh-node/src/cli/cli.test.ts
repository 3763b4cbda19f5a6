import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const bin = resolve(__dirname, '..', '..', 'bin', 'meshpath');
const compliant = resolve(__dirname, '..', '__fixtures__', 'compliant');

/** Runs the real `meshpath` executable, as CI users do. */
function meshpath(args: string[], cwd = resolve(__dirname, '..', '..')) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function brokenRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'meshpath-cli-'));
  writeFileSync(
    join(dir, 'vs.yaml'),
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: cart, namespace: shop }\nspec: { hosts: [cart], http: [{ route: [{ destination: { host: cart } }] }] }\n',
  );
  writeFileSync(
    join(dir, 'ns.yaml'),
    'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
  );
  return dir;
}

describe('meshpath analyze', () => {
  it('exits 0 on a clean mesh and prints a summary', () => {
    const { code, stdout } = meshpath(['analyze', compliant]);
    expect(stdout).toContain('0 error(s), 0 warning(s)');
    expect(code).toBe(0);
  });

  it('exits 1 when there is an error, and lists the findings as JSON', () => {
    const dir = brokenRepo();
    const { code, stdout } = meshpath(
      ['analyze', '--format', 'json', dir],
      dir,
    );
    expect(code).toBe(1);
    const { findings } = JSON.parse(stdout);
    expect(
      findings.map((f: any) => [
        f.code,
        f.severity,
        f.source.file,
        f.source.line,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['MP1101', 'error', join(dir, 'vs.yaml'), 1],
        ['MP1113', 'warning', join(dir, 'ns.yaml'), 1],
      ]),
    );
  });

  it('writes SARIF 2.1.0 with rules and file locations for code scanning', () => {
    const dir = brokenRepo();
    const { code, stdout } = meshpath(['analyze', '--format=sarif', '.'], dir);
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('meshpath');
    const result = run.results.find((r: any) => r.ruleId === 'MP1101');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'vs.yaml' },
      region: { startLine: 1 },
    });
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('MP1101');
    expect(run.tool.driver.rules[result.ruleIndex].properties.tags).toContain(
      'IST0101',
    );
  });

  it('exits 2 on a usage error', () => {
    expect(meshpath(['analyze']).code).toBe(2);
    expect(meshpath(['analyze', '--format', 'xml', compliant]).code).toBe(2);
    const unknown = meshpath(['lint', compliant]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command lint');
  });
});
