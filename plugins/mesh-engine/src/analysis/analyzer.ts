import type {
  Finding,
  KubernetesObject,
  PolicyModel,
  SourcedObject,
} from '@meshpath/plugin-mesh-common';
import { Check, createContext } from '../checks/context';
import { checkDestinationRules } from '../checks/destinationRules';
import { checkCanaries } from '../checks/flagger';
import {
  checkGatewayApiRoutes,
  checkGatewayConflicts,
} from '../checks/gateways';
import {
  checkAuthorizationCoverage,
  checkAuthorizationPolicyRules,
  checkPolicySelectors,
} from '../checks/policies';
import { checkNamespaceEnrolment, checkServicePorts } from '../checks/services';
import { checkVirtualServices } from '../checks/virtualServices';
import type { ComplianceResult } from '../compliance/complianceRule';
import { evaluateCompliance } from '../compliance/evaluateCompliance';
import { objectRef, toSourced } from '../objects';
import { SchemaChecker } from '../schema/schemaCheck';
import { MeshIndex } from './meshIndex';
import { resolveIndexPolicy } from './policy/resolvePolicyModel';
import { Reporter, RulePolicy } from './report';

/** @public */
export interface AnalyzeOptions {
  /** Namespace of the Istio control plane, where mesh-wide policy lives. Default `istio-system`. */
  rootNamespace?: string;
  /** Which rules apply and their severities (from a golden-path preset). */
  rules?: RulePolicy;
}

/** @public */
export interface AnalysisResult {
  findings: Finding[];
  compliance: ComplianceResult[];
  /** The effective policy of the world (objects that break their schema left out). */
  policy: PolicyModel;
}

/** @public */
export interface Analyzer {
  /** Analyses the input as the whole world: a reference to anything not in it is missing. */
  analyze(
    input: Array<SourcedObject | KubernetesObject>,
    options?: AnalyzeOptions,
  ): AnalysisResult;
  /** Schema problems of one object (CRD schema and unknown fields), readable; empty when valid. */
  validateObjectSchema(object: KubernetesObject): string[];
}

const checks: Check[] = [
  checkVirtualServices,
  checkDestinationRules,
  checkServicePorts,
  checkNamespaceEnrolment,
  checkPolicySelectors,
  checkAuthorizationPolicyRules,
  checkAuthorizationCoverage,
  checkGatewayConflicts,
  checkGatewayApiRoutes,
  checkCanaries,
];

class MeshAnalyzer implements Analyzer {
  private readonly schemas = new SchemaChecker();

  validateObjectSchema(object: KubernetesObject): string[] {
    const problems = this.schemas.check(object);
    return [
      ...(problems.unknownKind ? [problems.unknownKind] : []),
      ...problems.invalid,
      ...problems.unknownFields.map(field => `${field}: unknown field`),
    ];
  }

  analyze(
    input: Array<SourcedObject | KubernetesObject>,
    options: AnalyzeOptions = {},
  ): AnalysisResult {
    const report = new Reporter(options.rules);
    const valid: SourcedObject[] = [];
    for (const item of toSourced(input)) {
      const problems = this.schemas.check(item.object);
      const at = { ref: objectRef(item.object), source: item.source };
      if (problems.unknownKind)
        report.report('MP0101', problems.unknownKind, at);
      for (const message of problems.invalid)
        report.report('MP0101', message, at);
      for (const field of problems.unknownFields)
        report.report('MP0102', `Unknown field ${field}`, at);
      // An object that breaks its schema would mislead the cross-object checks.
      if (!problems.unknownKind && problems.invalid.length === 0)
        valid.push(item);
    }
    const index = new MeshIndex(valid, options.rootNamespace ?? 'istio-system');
    const context = createContext(index, report);
    for (const check of checks) check(context);
    const compliance = evaluateCompliance(context);
    return {
      findings: report.findings,
      compliance,
      policy: resolveIndexPolicy(index),
    };
  }
}

/**
 * Creates the analysis engine. Schema validators load on first use and are
 * kept, so create one analyzer and reuse it.
 * @public
 */
export async function createAnalyzer(): Promise<Analyzer> {
  return new MeshAnalyzer();
}
