import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from './main';

const bin = resolve(__dirname, '..', '..', 'bin', 'meshpath');
const compliant = resolve(__dirname, '..', '__fixtures__', 'compliant');

/** Runs the real `meshpath` executable, as CI users do. */
function meshpath(
  args: string[],
  cwd = resolve(__dirname, '..', '..'),
  options: { input?: string; uid?: number; gid?: number } = {},
) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    ...options,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the command in process, with `stdin` as standard input. */
async function meshpathInProcess(args: string[], cwd: string, stdin?: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    out: text => {
      stdout += text;
    },
    err: text => {
      stderr += text;
    },
    cwd,
    version: '0.0.0-test',
    stdin: stdin === undefined ? undefined : Readable.from([stdin]),
  });
  return { code, stdout, stderr };
}

const brokenVirtualService =
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: cart, namespace: shop }\nspec: { hosts: [cart], http: [{ route: [{ destination: { host: cart } }] }] }\n';

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
  it('ends quietly, with its verdict, when the reader of its output stops early (| head)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshpath-cli-'));
    // Enough findings that the report outgrows a pipe's buffer.
    for (let i = 0; i < 300; i++)
      writeFileSync(
        join(dir, `vs-${i}.yaml`),
        brokenVirtualService.replace('name: cart,', `name: cart-${i},`),
      );
    const result = spawnSync(
      'bash',
      [
        '-c',
        '"$0" "$1" analyze --format sarif "$2" | head -c 10 > /dev/null; echo "${PIPESTATUS[0]}"',
        process.execPath,
        bin,
        dir,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stderr).not.toMatch(/EPIPE|Error/);
    // The verdict still stands: the broken VirtualServices are errors.
    expect(result.stdout.trim()).toBe('1');
  });

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

  it('reads - from standard input and names it <stdin>', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshpath-cli-'));
    const text = await meshpathInProcess(
      ['analyze', '-'],
      dir,
      brokenVirtualService,
    );
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^<stdin>:1 +error +MP1101 /m);
    const sarif = await meshpathInProcess(
      ['analyze', '--format', 'sarif', '-'],
      dir,
      brokenVirtualService,
    );
    const result = JSON.parse(sarif.stdout).runs[0].results.find(
      (r: any) => r.ruleId === 'MP1101',
    );
    // SARIF locations are URIs; standard input has none.
    expect(result.locations).toEqual([]);
  });

  it('takes paths that start with a dash after --', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshpath-cli-'));
    writeFileSync(join(dir, '-vs.yaml'), brokenVirtualService);
    const { code, stdout } = await meshpathInProcess(
      ['analyze', '--format', 'json', '--', join(dir, '-vs.yaml')],
      dir,
    );
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings[0].source.file).toBe(
      join(dir, '-vs.yaml'),
    );
  });

  it('keeps each text finding on one line, whatever the names hold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshpath-cli-'));
    writeFileSync(
      join(dir, 'vs.yaml'),
      brokenVirtualService.replace(
        'name: cart,',
        'name: "cart\\n0 error(s), 0 warning(s), 0 info\\u001b[2J",',
      ),
    );
    const { code, stdout } = await meshpathInProcess(['analyze', dir], dir);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.filter(line => line.startsWith('vs.yaml:1'))).toHaveLength(
      lines.length - 1,
    );
    expect(stdout).not.toContain('\u001b');
    expect(stdout).toContain('VirtualService shop/cart\\u000a0 error(s)');
  });

  it('reads piped standard input as - or /dev/stdin in the real executable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshpath-cli-'));
    for (const path of ['-', '/dev/stdin']) {
      const { code, stdout, stderr } = meshpath(
        ['analyze', '--format', 'json', path],
        dir,
        { input: brokenVirtualService },
      );
      expect({ path, code, stderr }).toEqual({ path, code: 1, stderr: '' });
      expect(JSON.parse(stdout).findings[0]).toMatchObject({
        code: 'MP1101',
        source: { file: '<stdin>', line: 1 },
      });
    }
  });

  it('reports an unreadable folder as a finding, keeps the other findings and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshpath-cli-'));
    writeFileSync(join(dir, 'vs.yaml'), brokenVirtualService);
    mkdirSync(join(dir, 'secret'));
    writeFileSync(join(dir, 'secret', 'ns.yaml'), 'kind: [unclosed\n');
    chmodSync(join(dir, 'secret'), 0o000);
    // Root reads mode-000 folders, so as root the command runs as nobody, for whom it really fails.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    chmodSync(dir, 0o755);
    try {
      const { code, stdout, stderr } = meshpath(
        ['analyze', '--format', 'json', '.'],
        dir,
        asNobody,
      );
      expect(stderr).toBe('');
      expect(code).toBe(1);
      const findings = JSON.parse(stdout).findings.map((f: any) => [
        f.code,
        f.message,
      ]);
      expect(findings).toEqual(
        expect.arrayContaining([
          ['MP0003', 'Cannot read secret: permission denied (EACCES)'],
          ['MP1101', expect.any(String)],
        ]),
      );
    } finally {
      chmodSync(join(dir, 'secret'), 0o755);
    }
  });
});
