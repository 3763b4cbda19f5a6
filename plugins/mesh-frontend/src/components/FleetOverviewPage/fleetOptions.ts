import type { ConfigApi } from '@backstage/core-plugin-api';
import type { ComplianceFramework } from '@meshpath/plugin-mesh-common';

/** The frameworks Meshpath scores, in the order the fleet offers them. */
export const FRAMEWORKS: ComplianceFramework[] = [
  'SOC2',
  'PCI-DSS-4.0',
  'HIPAA',
  'ISO-27001-2022',
  'GDPR',
  'NIST-800-204',
];

/** A maturity level as the fleet's filter offers it. */
export interface MaturityLevelOption {
  name: string;
  title: string;
}

/** `mesh.maturityLevels` names and titles (the backend validates the rest). */
export function maturityLevelsOf(config: ConfigApi): MaturityLevelOption[] {
  return (config.getOptionalConfigArray('mesh.maturityLevels') ?? []).map(
    level => {
      const name = level.getString('name');
      return { name, title: level.getOptionalString('title') ?? name };
    },
  );
}
