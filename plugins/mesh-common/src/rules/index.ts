export type { RuleCategory, RuleDefinition, RuleMetadata } from './types';
export type { MeshComplianceRuleCode, MeshRuleCode } from './catalogue';
export {
  isMeshRuleCode,
  MESH_RULE_CODES,
  MESH_RULES,
  meshRule,
} from './catalogue';
