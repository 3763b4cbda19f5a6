import type { Config } from '@backstage/config';
import { LOCKABLE_FIELDS } from './lockable';
import type { GoldenPath } from './types';

/**
 * Reads the golden paths from `mesh.goldenPaths` in app-config. Throws on a
 * locked field that cannot be locked, so a typo in config fails at start-up.
 * @public
 */
export function readGoldenPaths(config: Config): Record<string, GoldenPath> {
  const section = config.getOptionalConfig('mesh.goldenPaths');
  const paths: Record<string, GoldenPath> = {};
  for (const name of section?.keys() ?? []) {
    const preset = section!.getConfig(name);
    const locked = preset.getOptionalStringArray('locked') ?? [];
    for (const field of locked) {
      if (!(field in LOCKABLE_FIELDS)) {
        throw new Error(
          `mesh.goldenPaths.${name}.locked: ${field} cannot be locked; lockable fields are ${Object.keys(
            LOCKABLE_FIELDS,
          ).join(', ')}`,
        );
      }
    }
    paths[name] = {
      name,
      description: preset.getOptionalString('description'),
      defaults:
        (preset.getOptional('defaults') as GoldenPath['defaults']) ?? {},
      locked,
      rules: {
        disabled: preset.getOptionalStringArray('rules.disabled'),
        severities: preset.getOptional(
          'rules.severities',
        ) as GoldenPath['rules']['severities'],
      },
    };
  }
  return paths;
}
