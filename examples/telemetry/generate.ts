/* eslint-disable no-console -- a command-line tool that reports what it wrote */
/**
 * Writes the example estate's Istio telemetry as OpenMetrics text for
 * `promtool tsdb create-blocks-from openmetrics`:
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     examples/telemetry/generate.ts <file> [--anchor <unix seconds>] [--horizon-hours <h>] [--seed <n>]
 *
 * The anchor defaults to now: the data ends there (and runs on for the horizon).
 */
import { writeTelemetry } from './openMetrics';

function main(args: string[]) {
  const [path, ...flags] = args;
  if (!path || path.startsWith('--')) {
    throw new Error(
      'usage: generate.ts <output file> [--anchor <unix seconds>] [--horizon-hours <h>] [--seed <n>]',
    );
  }
  const options: Record<string, number> = {};
  for (let i = 0; i < flags.length; i += 2) {
    const name = flags[i];
    const value = Number(flags[i + 1]);
    if (
      !['--anchor', '--horizon-hours', '--seed'].includes(name) ||
      !Number.isFinite(value) ||
      value < 0
    ) {
      throw new Error(`unknown flag or bad value: ${name} ${flags[i + 1]}`);
    }
    options[name] = value;
  }
  const written = writeTelemetry(path, {
    anchorSeconds: options['--anchor'] ?? Date.now() / 1000,
    horizonHours: options['--horizon-hours'],
    seed: options['--seed'],
  });
  console.log(
    `Wrote ${written.samples} samples of ${
      written.series
    } series to ${path}, from ${new Date(
      written.firstSeconds * 1000,
    ).toISOString()} to ${new Date(written.lastSeconds * 1000).toISOString()}`,
  );
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
