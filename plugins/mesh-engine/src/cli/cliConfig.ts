import { ConfigReader } from '@backstage/config';
import {
  GoldenPath,
  type DeepPartial,
  type MeshPlatform,
  type SloOptions,
  goldenPathNamed,
  readGoldenPaths,
  readMeshPlatform,
  readSloOptions,
} from '@meshpath/plugin-mesh-common';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { TelemetryOptions } from '../telemetry/telemetryOptions';
import type { ReachabilityOptions } from '../analysis/reachability/callers';
import { platformAnalyzeOptions } from '../analysis/platformOptions';

/** A `--config` that cannot be used: the command stops (exit 2) rather than check against the wrong policy. */
export class CliConfigError extends Error {}

/** What the command line takes from app-config: the same keys the portal reads. */
export interface CliConfig {
  goldenPath?: GoldenPath;
  rulesDocumentationUrl?: string;
  /** `mesh.slo`: the severities and gRPC failure codes the telemetry rules judge by. */
  telemetry?: TelemetryOptions;
  /** `mesh.platform` (or the golden path's own): trust domain and where Prometheus, the gateway pods and the load tester run. */
  reachability?: ReachabilityOptions;
}

const severities = new Set(['error', 'warning', 'info']);

async function readConfigFile(file: string, cwd: string) {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new CliConfigError(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new CliConfigError(
      `${file} is not valid YAML: ${
        String((error as Error).message).split('\n')[0]
      }`,
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new CliConfigError(`${file} is not an app-config mapping`);
  return { context: file, data: data as Record<string, never> };
}

/**
 * Reads `--config` files as Backstage merges them (later files win) and
 * takes the golden path by name with mesh-common's own reader, so the policy
 * is the portal's. Substitutions (`${VAR}`) and includes are not expanded.
 */
export async function readCliConfig(
  files: string[],
  cwd: string,
  goldenPathName?: string,
): Promise<CliConfig> {
  if (files.length === 0) return {};
  const config = ConfigReader.fromConfigs(
    await Promise.all(files.map(file => readConfigFile(file, cwd))),
  );
  let goldenPath: GoldenPath | undefined;
  let rulesDocumentationUrl: string | undefined;
  let platform: DeepPartial<MeshPlatform> | undefined;
  let slo: SloOptions | undefined;
  try {
    slo = readSloOptions(config);
    platform = readMeshPlatform(config);
    rulesDocumentationUrl = config.getOptionalString(
      'mesh.rulesDocumentationUrl',
    );
    const goldenPaths = readGoldenPaths(config);
    if (goldenPathName !== undefined) {
      goldenPath = goldenPathNamed(goldenPaths, goldenPathName);
      if (!goldenPath)
        throw new CliConfigError(
          `No golden path ${JSON.stringify(
            goldenPathName,
          )} in mesh.goldenPaths of ${files.join(', ')}; defined: ${
            Object.keys(goldenPaths).join(', ') || 'none'
          }`,
        );
      // The preset's platform (mesh.platform under its own defaults), as the scaffolder generates with it.
      platform = goldenPath.defaults.platform;
    }
  } catch (error) {
    if (error instanceof CliConfigError) throw error;
    throw new CliConfigError((error as Error).message);
  }
  for (const [code, severity] of Object.entries(
    goldenPath?.rules.severities ?? {},
  ))
    if (!severities.has(severity as string))
      throw new CliConfigError(
        `mesh.goldenPaths.${goldenPathName}.rules.severities.${code}: ${JSON.stringify(
          severity,
        )} is not error, warning or info`,
      );
  return {
    goldenPath,
    rulesDocumentationUrl,
    ...platformAnalyzeOptions(platform, slo),
  };
}
