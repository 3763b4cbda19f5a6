import { RULE_RATIONALE } from '../docs/rationale';
import type { ComplianceFramework, Finding } from '../findings';
import type { MeshRuleCode } from './catalogue';

// Pages that exist for every code they name: Istio's analysis messages and Kiali's validations.
const ISTIO_DOCS = 'https://istio.io/latest/docs/reference/config/analysis/';
const KIALI_DOCS = 'https://kiali.io/docs/features/validations/';

/**
 * Each compliance framework as its owner names it, for pages and explanations.
 * @public
 */
export const COMPLIANCE_FRAMEWORK_NAMES: Readonly<
  Record<ComplianceFramework, string>
> = {
  SOC2: 'SOC 2',
  'PCI-DSS-4.0': 'PCI DSS 4.0',
  HIPAA: 'HIPAA Security Rule',
  'ISO-27001-2022': 'ISO/IEC 27001:2022',
  GDPR: 'GDPR',
  'NIST-800-204': 'NIST SP 800-204',
};

/**
 * Where a rule is documented, the link the portal, SARIF and
 * `meshpath explain` give: the rule catalogue page
 * (`mesh.rulesDocumentationUrl`) with the code in lower case as anchor when
 * it is set, else the istioctl message page or the Kiali validation of the
 * same problem.
 * @public
 */
export function ruleDocumentationUrl(
  rule: Pick<Finding, 'code' | 'references'>,
  rulesDocumentationUrl?: string,
): string | undefined {
  const code = rule.code.toLowerCase();
  if (!/^[a-z]{2,4}\d{3,5}$/.test(code)) return undefined;
  if (rulesDocumentationUrl) return `${rulesDocumentationUrl}#${code}`;
  const istio = rule.references?.istio?.toLowerCase();
  if (istio && /^ist\d{4}$/.test(istio)) return `${ISTIO_DOCS}${istio}/`;
  const kiali = rule.references?.kiali?.toLowerCase();
  if (kiali && /^kia\d{4}$/.test(kiali)) return `${KIALI_DOCS}#${kiali}`;
  return undefined;
}

/**
 * Why a rule matters, in one or two sentences: the text the rule catalogue
 * page, SARIF and `meshpath explain` show.
 * @public
 */
export function ruleRationale(code: MeshRuleCode): string {
  return RULE_RATIONALE[code];
}
