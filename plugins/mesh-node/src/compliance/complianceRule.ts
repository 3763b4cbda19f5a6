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

/** Limits a golden path sets on what compliant configuration looks like. @public */
export interface ComplianceLimits {
  /** Most retry attempts a route may make; 3 unless the preset says otherwise. */
  maxRetryAttempts?: number;
}

/** A rule's judgement of one service; undefined when the rule does not apply to it. */
export type Verdict = { passed: boolean; message: string } | undefined;

/** One compliance rule, registered in `complianceRules`. */
export interface ComplianceRule {
  code: MeshComplianceRuleCode;
  /** Reads what the rule needs from the whole world once; the result judges one service. */
  prepare(
    context: CheckContext,
    limits: ComplianceLimits,
  ): (service: ServiceFacts) => Verdict;
}
