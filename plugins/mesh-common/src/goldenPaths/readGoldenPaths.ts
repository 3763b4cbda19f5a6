import type { Config } from '@backstage/config';
import { LOCKABLE_FIELDS } from './lockable';
import { type MeshPlatform, readMeshPlatform } from './platform';
import { presetTrafficProblems } from './presetTrafficChecks';
import { sloDefaultsProblems } from './sloChecks';
import type { GoldenPath } from './types';

/**
 * Reads the golden paths from `mesh.goldenPaths` in app-config. Throws on a
 * locked field that cannot be locked, so a typo in config fails at start-up.
 * @public
 */
export function readGoldenPaths(config: Config): Record<string, GoldenPath> {
  const section = config.getOptionalConfig('mesh.goldenPaths');
  const paths: Array<[string, GoldenPath]> = [];
  // One platform for every preset; a preset's defaults.platform still wins.
  const platform = readMeshPlatform(config);
  for (const name of section?.keys() ?? []) {
    const preset = section!.getConfig(name);
    const locked = preset.getOptionalStringArray('locked') ?? [];
    for (const field of locked) {
      if (!Object.hasOwn(LOCKABLE_FIELDS, field)) {
        throw new Error(
          `mesh.goldenPaths.${name}.locked: ${field} cannot be locked; lockable fields are ${Object.keys(
            LOCKABLE_FIELDS,
          ).join(', ')}`,
        );
      }
    }
    paths.push([
      name,
      {
        name,
        description: preset.getOptionalString('description'),
        defaults: withPlatform(
          (preset.getOptional('defaults') as GoldenPath['defaults']) ?? {},
          platform,
        ),
        locked,
        rules: {
          disabled: preset.getOptionalStringArray('rules.disabled'),
          severities: preset.getOptional(
            'rules.severities',
          ) as GoldenPath['rules']['severities'],
        },
      },
    ]);
  }
  // SLO defaults that could never alert, or never be measured, are refused at start-up.
  for (const [name, preset] of paths) {
    const [problem] = sloDefaultsProblems(preset);
    if (problem)
      throw new Error(`mesh.goldenPaths.${name}.defaults.${problem}`);
  }
  // Retry budgets that overrun their timeout, strategies the platform cannot run: refused at start-up.
  for (const [name, preset] of paths) {
    const [problem] = presetTrafficProblems(preset);
    if (problem)
      throw new Error(`mesh.goldenPaths.${name}.defaults.${problem}`);
  }
  // Own entries only, whatever the names: look names up with goldenPathNamed.
  return Object.fromEntries(paths);
}

function withPlatform(
  defaults: GoldenPath['defaults'],
  platform: MeshPlatform,
): GoldenPath['defaults'] {
  const own = defaults.platform ?? {};
  return {
    ...defaults,
    platform: {
      ...platform,
      ...own,
      loadTester: { ...platform.loadTester, ...own.loadTester },
    } as MeshPlatform,
  };
}
