import type { ControlRef, FindingSeverity } from '../findings';
import type { MeshRuleCode } from './catalogue';

/** Whether a rule checks configuration correctness or a compliance control. @public */
export type RuleCategory = 'validation' | 'compliance';

/** What the catalogue says about one rule, before it is keyed by its code. @public */
export interface RuleMetadata {
  title: string;
  category: RuleCategory;
  defaultSeverity: FindingSeverity;
  references: { istio?: string; kiali?: string };
  controls: ControlRef[];
  remediation: string;
  /**
   * The `mesh-remediate` template can fix it: `mesh:remediate` patches the
   * service's declared manifests and opens a pull or merge request.
   */
  fixable?: boolean;
}

/** What every surface needs to know about one analysis rule. @public */
export interface RuleDefinition extends RuleMetadata {
  code: MeshRuleCode;
}
