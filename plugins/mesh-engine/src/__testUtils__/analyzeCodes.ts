import { join } from 'node:path';
import { runCli } from '../cli/main';

/** Runs `meshpath analyze --format json ARGS <cwd>/deploy` and returns its exit code, stderr and finding codes. */
export async function analyzeCodes(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['analyze', '--format', 'json', ...args, join(cwd, 'deploy')],
    {
      out: text => {
        stdout += text;
      },
      err: text => {
        stderr += text;
      },
      cwd,
      version: '0.0.0-test',
    },
  );
  return {
    code,
    stderr,
    codes: stdout
      ? (JSON.parse(stdout).findings as Array<{ code: string }>).map(
          f => f.code,
        )
      : [],
  };
}
