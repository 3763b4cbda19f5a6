import { Config } from '@backstage/config';
import {
  COMPLIANCE_FRAMEWORKS,
  type ComplianceFramework,
  type FindingSeverity,
  type MaturityLevel,
  type MaturityRequirements,
} from '@meshpath/plugin-mesh-common';

const SEVERITIES: FindingSeverity[] = ['error', 'warning', 'info'];
const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

function framework(config: Config, key: string): ComplianceFramework {
  const value = config.getString(key);
  if (!(COMPLIANCE_FRAMEWORKS as readonly string[]).includes(value))
    throw new Error(
      `${key} of a maturity level must be one of ${COMPLIANCE_FRAMEWORKS.join(
        ', ',
      )}, not '${value}'`,
    );
  return value as ComplianceFramework;
}

function readRequirements(config: Config): MaturityRequirements {
  const severities = config.getOptionalStringArray('noFindingSeverities');
  for (const severity of severities ?? [])
    if (!SEVERITIES.includes(severity as FindingSeverity))
      throw new Error(
        `noFindingSeverities of a maturity level must be ${SEVERITIES.join(
          ', ',
        )}, not '${severity}'`,
      );
  const minScores = config.getOptionalConfigArray('minScores')?.map(s => {
    const score = s.getNumber('score');
    if (!(score >= 0 && score <= 1))
      throw new Error(`minScores.score of a maturity level must be 0..1`);
    return { framework: framework(s, 'framework'), score };
  });
  const controls = config.getOptionalConfigArray('controls')?.map(c => ({
    framework: framework(c, 'framework'),
    control: c.getString('control'),
  }));
  const noFindingCodes = config.getOptionalStringArray('noFindingCodes');
  const sloDeclared = config.getOptionalBoolean('sloDeclared');
  const mtlsStrict = config.getOptionalBoolean('mtlsStrict');
  return {
    ...(controls ? { controls } : {}),
    ...(minScores ? { minScores } : {}),
    ...(noFindingCodes ? { noFindingCodes } : {}),
    ...(severities
      ? { noFindingSeverities: severities as FindingSeverity[] }
      : {}),
    ...(sloDeclared !== undefined ? { sloDeclared } : {}),
    ...(mtlsStrict !== undefined ? { mtlsStrict } : {}),
  };
}

/** `mesh.maturityLevels`, lowest first; none when absent. Invalid entries throw at startup. */
export function readMaturityLevels(config: Config): MaturityLevel[] {
  const entries = config.getOptionalConfigArray('mesh.maturityLevels') ?? [];
  const seen = new Set<string>();
  return entries.map(entry => {
    const name = entry.getString('name');
    if (!NAME.test(name) || name === 'none')
      throw new Error(
        `mesh.maturityLevels name '${name}' must be lowercase letters, digits and dashes (not 'none')`,
      );
    if (seen.has(name))
      throw new Error(`mesh.maturityLevels name '${name}' is defined twice`);
    seen.add(name);
    const title = entry.getOptionalString('title');
    return {
      name,
      ...(title ? { title } : {}),
      requires: entry.has('requires')
        ? readRequirements(entry.getConfig('requires'))
        : {},
    };
  });
}
