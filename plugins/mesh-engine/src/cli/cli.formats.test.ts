import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from './main';

const fixture = resolve(__dirname, '..', '__fixtures__', 'ci-repository');
const golden = resolve(__dirname, '__golden__');

/** Runs the command in process from `cwd`, as a CI job in that checkout would (`deploy` is `cwd`'s). */
async function meshpath(given: string[], cwd = fixture) {
  const args = given.map(arg => (arg === 'deploy' ? join(cwd, 'deploy') : arg));
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
  });
  return { code, stdout, stderr };
}

/**
 * The whole output against its golden file. `MESHPATH_UPDATE_GOLDEN=1`
 * rewrites the files; review the diff before committing it.
 */
function expectGolden(name: string, output: string) {
  const file = join(golden, name);
  // Absolute paths (JSON keeps them) differ per checkout.
  const stable = output.split(fixture).join('<fixture>');
  if (process.env.MESHPATH_UPDATE_GOLDEN) writeFileSync(file, stable);
  expect(stable).toBe(readFileSync(file, 'utf8'));
}

describe('meshpath analyze output formats (golden)', () => {
  it.each([
    ['text', 'analyze.txt'],
    ['json', 'analyze.json'],
    ['github', 'analyze.github.txt'],
    ['junit', 'analyze.junit.xml'],
  ])('--format %s', async (format, file) => {
    const { code, stdout, stderr } = await meshpath([
      'analyze',
      '--format',
      format,
      'deploy',
    ]);
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    expectGolden(file, stdout);
  });

  it('--format sarif, on one line', async () => {
    const { code, stdout, stderr } = await meshpath([
      'analyze',
      '--format',
      'sarif',
      'deploy',
    ]);
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    // A large log is 40 % smaller on one line; the golden file is indented to be read.
    expect(stdout).toMatch(/^[^\n]+\n$/);
    expectGolden(
      'analyze.sarif',
      `${JSON.stringify(JSON.parse(stdout), null, 2)}\n`,
    );
  });

  it("applies a golden path's rule policy from --config as the portal does, and links the portal's rule page", async () => {
    const text = await meshpath([
      'analyze',
      '--config',
      'app-config.yaml',
      '--golden-path',
      'strict',
      'deploy',
    ]);
    expect(text.code).toBe(1);
    expectGolden('analyze.strict.txt', text.stdout);
    const sarif = await meshpath([
      'analyze',
      '--config=app-config.yaml',
      '--golden-path=strict',
      '--format=sarif',
      'deploy',
    ]);
    const run = JSON.parse(sarif.stdout).runs[0];
    expect(run.tool.driver.rules.map((r: any) => r.helpUri)).toContain(
      'https://backstage.example.com/docs/default/component/meshpath/rules#mp1105',
    );
    expect(
      run.results
        .filter((r: any) => r.ruleId === 'MP1105')
        .map((r: any) => r.level),
    ).toEqual(['error', 'error']);
  });

  it.each(['validation', 'compliance'])(
    '--only %s keeps that category (and input findings)',
    async category => {
      expect.hasAssertions();
      const { stdout } = await meshpath([
        'analyze',
        '--only',
        category,
        'deploy',
      ]);
      expectGolden(`analyze.only-${category}.txt`, stdout);
    },
  );

  it('explains a rule from the metadata the rule catalogue is generated from', async () => {
    const { code, stdout } = await meshpath(['explain', 'mp2001']);
    expect(code).toBe(0);
    expectGolden('explain.MP2001.txt', stdout);
  });
});

describe('meshpath analyze in CI', () => {
  const copy = () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshpath-ci-'));
    cpSync(fixture, dir, { recursive: true });
    return dir;
  };

  it('keeps SARIF fingerprints when lines above a finding move', async () => {
    const dir = copy();
    const fingerprints = async () =>
      JSON.parse(
        (await meshpath(['analyze', '--format', 'sarif', 'deploy'], dir))
          .stdout,
      ).runs[0].results.map((r: any) => [
        r.ruleId,
        r.partialFingerprints['meshpathFinding/v1'],
        r.locations[0].physicalLocation.region.startLine,
      ]);
    const before = await fingerprints();
    const file = join(dir, 'deploy', 'routing.yaml');
    writeFileSync(
      file,
      `# moved down by three lines\n\n\n${readFileSync(file, 'utf8')}`,
    );
    const after = await fingerprints();
    expect(after.map((r: any[]) => r.slice(0, 2))).toEqual(
      before.map((r: any[]) => r.slice(0, 2)),
    );
    expect(after[0][2]).toBe(before[0][2] + 3);
    expect(new Set(before.map((r: any[]) => r[1])).size).toBe(before.length);
  });

  it('does not count a suppressed error: exit 0, and SARIF says it is suppressed in source with the reason', async () => {
    const dir = copy();
    const file = join(dir, 'deploy', 'routing.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'kind: VirtualService\n',
        'kind: VirtualService # meshpath:ignore MP1101 carts is created by the shop-v2 rollout\n',
      ),
    );
    const text = await meshpath(['analyze', 'deploy'], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      'MP1101  Destination host carts matches no Service or ServiceEntry  (VirtualService shop/cart)  [IST0101 KIA1101]  suppressed: carts is created by the shop-v2 rollout',
    );
    expect(text.stdout).toMatch(/^0 error\(s\), .*, 2 suppressed$/m);
    const sarif = JSON.parse(
      (await meshpath(['analyze', '--format', 'sarif', 'deploy'], dir)).stdout,
    );
    expect(
      sarif.runs[0].results.find((r: any) => r.ruleId === 'MP1101')
        .suppressions,
    ).toEqual([
      {
        kind: 'inSource',
        justification: 'carts is created by the shop-v2 rollout',
      },
    ]);
    const github = await meshpath(
      ['analyze', '--format', 'github', 'deploy'],
      dir,
    );
    expect(github.stdout).not.toContain('MP1101');
  });

  it('keeps every annotation and test case whole, whatever the names hold', async () => {
    const dir = copy();
    const file = join(dir, 'deploy', 'routing.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'host: carts',
        'host: "carts\\n::error file=x,line=1::forged <b>&amp;\\"50%,:"',
      ),
    );
    const github = await meshpath(
      ['analyze', '--format', 'github', 'deploy'],
      dir,
    );
    const annotation = github.stdout
      .split('\n')
      .find(line => line.includes('MP1101'))!;
    expect(annotation).toContain(
      'carts%0A::error file=x,line=1::forged <b>&amp;"50%25,:',
    );
    expect(
      github.stdout.split('\n').filter(l => l.startsWith('::error file=x')),
    ).toEqual([]);
    const junit = await meshpath(
      ['analyze', '--format', 'junit', 'deploy'],
      dir,
    );
    expect(junit.stdout).toContain('forged &lt;b&gt;&amp;amp;&quot;50%,:');
    expect(junit.stdout).not.toContain('<b>');
  });

  it.each([
    [
      ['analyze', '--golden-path', 'strict', 'deploy'],
      '--golden-path needs --config',
    ],
    [
      [
        'analyze',
        '--config',
        'app-config.yaml',
        '--golden-path',
        'toString',
        'deploy',
      ],
      'No golden path "toString" in mesh.goldenPaths of app-config.yaml; defined: strict',
    ],
    [
      ['analyze', '--config', 'missing.yaml', 'deploy'],
      'Cannot read missing.yaml: ENOENT',
    ],
    [['analyze', '--only', 'style', 'deploy'], 'Unknown category style'],
    [
      ['analyze', '--format', 'xml', 'deploy'],
      'Unknown format xml: use text, json, sarif, github, junit',
    ],
    [['explain', 'MP9999'], 'Unknown rule code MP9999'],
    [['explain'], 'explain takes one rule code'],
  ])('exits 2 on %j', async (args, message) => {
    const { code, stdout, stderr } = await meshpath(args);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain(message);
  });
});
