import { isMeshRuleCode, MESH_RULES } from '@meshpath/plugin-mesh-common';

/** Where the scaffolder serves the remediation template (the app mounts the scaffolder at /create). */
const REMEDIATE_TEMPLATE = '/create/templates/default/mesh-remediate';

/** Whether the `mesh-remediate` template can fix findings of this code (the rule catalogue says). */
export const isFixable = (code: string) =>
  isMeshRuleCode(code) && MESH_RULES[code].fixable === true;

/** The remediation template's form, filled with the service and the codes to fix. */
export function remediationLink(entityRef: string, codes: string[]): string {
  const fixable = [...new Set(codes.filter(isFixable))].sort();
  const formData = JSON.stringify({ entityRef, codes: fixable });
  return `${REMEDIATE_TEMPLATE}?formData=${encodeURIComponent(formData)}`;
}
