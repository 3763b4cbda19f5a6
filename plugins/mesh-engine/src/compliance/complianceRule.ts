import type {
  ControlRef,
  MeshComplianceRuleCode,
  ObjectRef,
} from '@meshpath/plugin-mesh-common';
import type { CheckContext } from '../checks/context';
import type { ServiceFacts } from './serviceFacts';

/**
 * The outcome of one compliance rule for one service.
 * @public
 */
export interface ComplianceResult {
  code: MeshComplianceRuleCode;
  /** The Service the rule was checked for. */
  subject: ObjectRef;
  passed: boolean;
  controls: ControlRef[];
  message: string;
}

/** A rule's judgement of one service; undefined when the rule does not apply to it. */
export type Verdict = { passed: boolean; message: string } | undefined;

/** One compliance rule, registered in `complianceRules`. */
export interface ComplianceRule {
  code: MeshComplianceRuleCode;
  /** Reads what the rule needs from the whole world once; the result judges one service. */
  prepare(context: CheckContext): (service: ServiceFacts) => Verdict;
}
