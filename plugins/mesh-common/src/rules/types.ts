import type { ControlRef, FindingSeverity } from '../findings';

/** Whether a rule checks configuration correctness or a compliance control. @public */
export type RuleCategory = 'validation' | 'compliance';

/** What every surface needs to know about one analysis rule. @public */
export interface RuleDefinition {
  code: string;
  title: string;
  category: RuleCategory;
  defaultSeverity: FindingSeverity;
  references: { istio?: string; kiali?: string };
  controls: ControlRef[];
  remediation: string;
}
