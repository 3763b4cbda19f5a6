import type { ConfigApi } from '@backstage/core-plugin-api';
import {
  COMPLIANCE_FRAMEWORKS,
  type ComplianceFramework,
} from '@meshpath/plugin-mesh-common';

/** The frameworks Meshpath scores, in the order the fleet offers them. */
export const FRAMEWORKS: readonly ComplianceFramework[] = COMPLIANCE_FRAMEWORKS;

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
