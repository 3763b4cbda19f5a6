/**
 * The Meshpath analysis engine: Istio configuration validation and compliance
 * rules, shared by the portal, the scaffolder and the `meshpath` command line
 * (`./cli`). The object types it reads are in `@meshpath/plugin-mesh-common`.
 *
 * @packageDocumentation
 */
export { apiGroup, isClusterScoped, objectRef } from './objects';
export {
  labelSelectorMatches,
  selectorMatches,
} from './analysis/labelSelector';
export { resolveHost } from './analysis/hosts';
export type { ParsedManifests } from './manifests/parseManifests';
export type { InlineSuppression } from './manifests/inlineSuppressions';
export { parseManifests } from './manifests/parseManifests';
export type { LoadManifestsOptions } from './manifests/loadManifests';
export { loadManifests, STDIN_SOURCE } from './manifests/loadManifests';
export type { RulePolicy } from './analysis/report';
export { applyRulePolicy } from './analysis/report';
export type { ResolvePolicyOptions } from './analysis/policy/resolvePolicyModel';
export { resolvePolicyModel } from './analysis/policy/resolvePolicyModel';
export { evaluateAuthorization } from './analysis/policy/evaluateAuthorization';
export type { FlaggerGenerated } from './analysis/flaggerGenerated';
export {
  flaggerGenerated,
  isControlled,
  kindKey,
  objectKey,
} from './analysis/flaggerGenerated';
export type {
  CanaryPlan,
  FlaggerDerivedObject,
  FlaggerWorld,
  FlaggerWorldOptions,
} from './analysis/flagger/deriveFlaggerWorld';
export {
  deriveFlaggerWorld,
  FLAGGER_SELECTOR_LABELS,
} from './analysis/flagger/deriveFlaggerWorld';
export type {
  ComputeReachabilityOptions,
  ReachabilityOptions,
} from './analysis/reachability/computeReachability';
export { computeReachability } from './analysis/reachability/computeReachability';
export type {
  AnalysisResult,
  AnalyzeOptions,
  Analyzer,
} from './analysis/analyzer';
export { createAnalyzer } from './analysis/analyzer';
export { platformAnalyzeOptions } from './analysis/platformOptions';
export type { TelemetryOptions } from './telemetry/telemetryOptions';
export type { ComplianceResult } from './compliance/complianceRule';
export { SLO_LABEL } from './compliance/rules/sloDeclared';
