import { ChildProcess, execFile, spawn } from 'child_process';
import { mkdtemp, rm, writeFile } from 'fs/promises';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import { stringify } from 'yaml';

/** A real Prometheus serving backfilled data on 127.0.0.1. */
export interface RunningPrometheus {
  baseUrl: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Backfills OpenMetrics text with promtool and starts Prometheus on it.
 * Binaries come from MESHPATH_PROMTOOL_BIN / MESHPATH_PROMETHEUS_BIN, else PATH.
 */
export async function startPrometheus(
  openMetrics: string,
  options: {
    /** `--storage.tsdb.retention.time`; backfilled data older than it is dropped. Defaults to 100y. */
    retentionTime?: string;
  } = {},
): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'meshpath-prom-'));
  const input = join(dir, 'telemetry.om');
  const data = join(dir, 'data');
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(input, openMetrics);
  // No scrape jobs: the backfilled blocks are the only data.
  await writeFile(configFile, stringify({ global: { scrape_interval: '1m' } }));
  await promisify(execFile)(
    process.env.MESHPATH_PROMTOOL_BIN ?? 'promtool',
    ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, data],
    { maxBuffer: 64 * 1024 * 1024 },
  );

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.env.MESHPATH_PROMETHEUS_BIN ?? 'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${data}`,
      // Backfilled data is weeks old; the default 15d retention would delete it.
      `--storage.tsdb.retention.time=${options.retentionTime ?? '100y'}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // A test runner that exits abruptly must not leave Prometheus behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let stderr = '';
  child.stderr?.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`Prometheus exited early: ${stderr}`);
    }
    try {
      const res = await fetch(`${baseUrl}/-/ready`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prometheus did not become ready: ${stderr}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
  return { baseUrl, stop };
}
