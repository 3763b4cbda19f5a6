export type { RuleCategory, RuleDefinition } from './types';
export { MESH_RULES, meshRule } from './catalogue';
