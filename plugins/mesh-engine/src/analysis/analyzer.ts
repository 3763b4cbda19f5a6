import type {
  Finding,
  KubernetesObject,
  PolicyModel,
  SourcedObject,
  WorkloadReachability,
} from '@meshpath/plugin-mesh-common';
import { PLATFORM_DEFAULTS } from '@meshpath/plugin-mesh-common';
import { Check, createContext } from '../checks/context';
import { checkDestinationRules } from '../checks/destinationRules';
import { checkCanaryDelivery } from '../checks/canaryDelivery';
import { checkConnectionPools } from '../checks/connectionPools';
import { checkCanaries } from '../checks/flagger';
import { checkFlaggerWorld } from '../checks/flaggerWorld';
import { checkGatewayTls } from '../checks/gatewayTls';
import { reportReachability } from '../checks/reachability';
import { checkRetryPolicies } from '../checks/retries';
import { checkPrincipalTrustDomains } from '../checks/trustDomains';
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
import { checkTelemetry } from '../telemetry/checkTelemetry';
import type { TelemetryOptions } from '../telemetry/telemetryOptions';
import { evaluateCompliance } from '../compliance/evaluateCompliance';
import { objectRef, toSourced } from '../objects';
import { SchemaChecker } from '../schema/schemaCheck';
import {
  deriveFlaggerWorld,
  type FlaggerWorldOptions,
} from './flagger/deriveFlaggerWorld';
import { MeshIndex } from './meshIndex';
import { resolveIndexPolicy } from './policy/resolvePolicyModel';
import {
  reachabilityOf,
  type ReachabilityOptions,
} from './reachability/computeReachability';
import { Reporter, RulePolicy } from './report';

/** @public */
export interface AnalyzeOptions {
  /** Namespace of the Istio control plane, where mesh-wide policy lives. Default `istio-system`. */
  rootNamespace?: string;
  /** Which rules apply and their severities (from a golden-path preset). */
  rules?: RulePolicy;
  /** Where Prometheus, the ingress gateway pods and Flagger's load tester run (`mesh.platform`). */
  reachability?: ReachabilityOptions;
  /** How Flagger is configured (its `-selector-labels`). */
  flagger?: FlaggerWorldOptions;
  /** How the platform counts gRPC failures and labels alerts (`mesh.slo`), for the telemetry rules. */
  telemetry?: TelemetryOptions;
}

/** @public */
export interface AnalysisResult {
  findings: Finding[];
  compliance: ComplianceResult[];
  /** The effective policy of the world after Flagger (objects that break their schema left out). */
  policy: PolicyModel;
  /** Who can reach each workload and port, at L4 and L7, after Flagger. */
  reachability: WorkloadReachability[];
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
  checkRetryPolicies,
  checkGatewayTls,
  checkConnectionPools,
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
      // The reference is built only for an object with problems: most have none.
      if (
        problems.unknownKind ||
        problems.invalid.length > 0 ||
        problems.unknownFields.length > 0
      ) {
        const at = { ref: objectRef(item.object), source: item.source };
        if (problems.unknownKind)
          report.report('MP0101', problems.unknownKind, at);
        for (const message of problems.invalid)
          report.report('MP0101', message, at);
        for (const field of problems.unknownFields)
          report.report('MP0102', `Unknown field ${field}`, at);
      }
      // An object that breaks its schema would mislead the cross-object checks.
      if (!problems.unknownKind && problems.invalid.length === 0)
        valid.push(item);
    }
    // The checks read the world as it runs once Flagger has acted on each Canary.
    const world = deriveFlaggerWorld(valid, options.flagger);
    const index = new MeshIndex(
      world.objects,
      options.rootNamespace ?? 'istio-system',
    );
    const context = createContext(index, report);
    for (const check of checks) check(context);
    checkTelemetry(context, options.telemetry);
    checkFlaggerWorld(context, world);
    checkCanaryDelivery(context, world);
    checkPrincipalTrustDomains(
      context,
      options.reachability?.trustDomain ?? PLATFORM_DEFAULTS.trustDomain,
    );
    const compliance = evaluateCompliance(context);
    const policy = resolveIndexPolicy(index);
    const reachability = reachabilityOf(
      index,
      policy,
      world,
      options.reachability,
    );
    reportReachability(reachability, report);
    return {
      findings: report.findings,
      compliance,
      policy,
      reachability: reachability.workloads,
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
