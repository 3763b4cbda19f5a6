import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

const packageRoot = resolve(__dirname, '..', '..');
const fixture = resolve(packageRoot, 'src', '__fixtures__', 'ci-repository');
const page = resolve(packageRoot, '..', '..', 'docs', 'ci.md');
const hook = resolve(packageRoot, 'hooks', 'pre-commit');

/** The YAML snippets of docs/ci.md, parsed: the page is what is tested. */
function snippets() {
  const blocks = [
    ...readFileSync(page, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g),
  ].map(match => parse(match[1]));
  const find = (key: string) => blocks.find(block => block && key in block);
  return {
    github: find('jobs').jobs.meshpath.steps as Array<{ run?: string }>,
    gitlab: find('meshpath').meshpath.script as string[],
    preCommit: find('repos').repos[0].hooks[0].entry as string,
  };
}

/** Installing from the registry is the one step not run here: the package is linked instead. */
const installs = (command: string) => command.startsWith('npm install');

/** A GitOps repository with the package installed as a user's would be. */
function repository() {
  const dir = mkdtempSync(join(tmpdir(), 'meshpath-gitops-'));
  cpSync(fixture, dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    '{ "name": "gitops", "private": true }\n',
  );
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(
    join(packageRoot, 'bin', 'meshpath'),
    join(dir, 'node_modules', '.bin', 'meshpath'),
  );
  git(dir, 'init', '-q');
  return dir;
}

/** The fix a developer would push: the right host, one DestinationRule for it. */
function fix(dir: string) {
  const file = join(dir, 'deploy', 'routing.yaml');
  const text = readFileSync(file, 'utf8').replace('host: carts', 'host: cart');
  writeFileSync(file, text.slice(0, text.indexOf('---\n# meshpath:ignore')));
}

const env = (dir: string) => ({
  ...process.env,
  // npx finds the linked package; the Node running the tests runs the command.
  PATH: [
    join(dir, 'node_modules', '.bin'),
    dirname(process.execPath),
    process.env.PATH,
  ].join(delimiter),
  npm_config_offline: 'true',
  GIT_AUTHOR_NAME: 'Dev',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'Dev',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
});

function git(dir: string, ...args: string[]) {
  return spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: env(dir) });
}

function shell(
  dir: string,
  command: string,
  extra: Record<string, string> = {},
) {
  const result = spawnSync('bash', ['-e', '-c', command], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...env(dir), ...extra },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

jest.setTimeout(300_000);

describe('docs/ci.md, run against a GitOps repository', () => {
  it('GitHub Actions: annotations fail the job on an error, SARIF is written whatever is found', () => {
    const dir = repository();
    const steps = snippets().github.filter(
      step => step.run && !installs(step.run),
    );
    expect(steps).toHaveLength(2);
    const [annotate, sarif] = steps.map(step => step.run!);

    const failing = shell(dir, annotate);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(
      '::error file=deploy/routing.yaml,line=1,title=MP1101 VirtualService shop/cart::',
    );
    expect(failing.stdout).toContain(
      '::error file=deploy/routing.yaml,line=14,title=MP1105',
    );
    expect(shell(dir, sarif).code).toBe(0);
    const log = JSON.parse(readFileSync(join(dir, 'meshpath.sarif'), 'utf8'));
    expect(
      log.runs[0].results.map((r: any) => [
        r.ruleId,
        r.level,
        r.suppressions ? 'suppressed' : '',
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['MP1101', 'error', ''],
        ['MP1105', 'error', ''],
        ['MP1105', 'error', 'suppressed'],
      ]),
    );

    fix(dir);
    const passing = shell(dir, annotate);
    expect({ code: passing.code, stderr: passing.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(passing.stdout).not.toContain('::error');
    // A usage error still fails the SARIF step.
    expect(
      shell(dir, sarif.replace('--format sarif', '--format xml')).code,
    ).not.toBe(0);
  });

  it('GitLab CI: a JUnit report whose failing cases are the findings', () => {
    const dir = repository();
    const script = snippets().gitlab.filter(line => !installs(line));
    expect(script).toHaveLength(1);
    expect(shell(dir, script[0]).code).toBe(1);
    const report = readFileSync(join(dir, 'meshpath-junit.xml'), 'utf8');
    expect(report).toContain(
      '<testcase classname="deploy/routing.yaml" name="MP1101 VirtualService shop/cart" file="deploy/routing.yaml" line="1">',
    );
    expect(report).toMatch(
      /<testsuites name="meshpath" tests="11" failures="10" errors="0" skipped="1">/,
    );
    fix(dir);
    expect(shell(dir, script[0]).code).toBe(0);
    expect(readFileSync(join(dir, 'meshpath-junit.xml'), 'utf8')).not.toContain(
      'type="error"',
    );
  });

  it('the pre-commit hook refuses a staged error, checks the index rather than the working tree, and lets the fix in', () => {
    const dir = repository();
    cpSync(hook, join(dir, '.git', 'hooks', 'pre-commit'));
    const settings = {
      MESHPATH_PATHS: 'deploy',
      MESHPATH_ARGS: '--config app-config.yaml --golden-path strict',
    };
    const commit = (message: string) =>
      shell(dir, `git add -A && git commit -q -m '${message}'`, settings);

    const refused = commit('broken route');
    expect(refused.code).not.toBe(0);
    // Git shows a hook's output on its standard error.
    expect(refused.stderr).toMatch(/^deploy\/routing\.yaml:1 +error +MP1101 /m);
    expect(git(dir, 'rev-parse', '--verify', 'HEAD').status).not.toBe(0);

    fix(dir);
    const accepted = commit('route to cart');
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).toMatch(/^0 error\(s\)/m);

    // Broken in the working tree only: the staged manifests are what is checked.
    writeFileSync(join(dir, 'deploy', 'routing.yaml'), 'kind: [unclosed\n');
    writeFileSync(
      join(dir, 'deploy', 'notes.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: notes, namespace: shop }\n',
    );
    git(dir, 'add', 'deploy/notes.yaml');
    const staged = shell(dir, "git commit -q -m 'notes'", settings);
    expect(staged.code).toBe(0);
    expect(existsSync(join(dir, '.git', 'hooks', 'pre-commit'))).toBe(true);
  });

  it('the pre-commit framework entry fails on an error and passes once fixed', () => {
    const dir = repository();
    const { preCommit } = snippets();
    expect(shell(dir, preCommit).code).toBe(1);
    fix(dir);
    expect(shell(dir, preCommit).code).toBe(0);
  });
});
