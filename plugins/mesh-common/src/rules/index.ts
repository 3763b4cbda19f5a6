export type { RuleCategory, RuleDefinition, RuleMetadata } from './types';
export type { MeshComplianceRuleCode, MeshRuleCode } from './catalogue';
export {
  isMeshRuleCode,
  MESH_RULE_CODES,
  MESH_RULES,
  meshRule,
} from './catalogue';
export {
  COMPLIANCE_FRAMEWORK_NAMES,
  ruleDocumentationUrl,
  ruleRationale,
} from './documentation';
