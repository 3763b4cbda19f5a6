import {
  Finding,
  meshRule,
  MeshRuleCode,
  ObjectRef,
  SourceLocation,
} from '@meshpath/plugin-mesh-common';

/** Builds a finding from the rule catalogue, so every surface reads the same. */
export function finding(
  code: MeshRuleCode,
  message: string,
  where: { object?: ObjectRef; source?: SourceLocation } = {},
): Finding {
  const rule = meshRule(code);
  return {
    code,
    severity: rule.defaultSeverity,
    message,
    ...(where.object ? { object: where.object } : {}),
    ...(where.source ? { source: where.source } : {}),
    references: { ...rule.references },
    controls: rule.controls,
    remediation: rule.remediation,
  };
}
