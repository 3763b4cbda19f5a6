export type {
  DataplaneMode,
  DeepPartial,
  DeliveryStrategy,
  GoldenPath,
  MeshServiceSpec,
  PortProtocol,
} from './types';
export type { GoldenPathLock, LockRule } from './lockable';
export {
  CANARY_WEIGHT_DEFAULTS,
  goldenPathLocks,
  LOCKABLE_FIELDS,
  weakens,
} from './lockable';
export { goldenPathNamed } from './goldenPathNamed';
export { readGoldenPaths } from './readGoldenPaths';
export type { GoldenPathPreset } from './goldenPathPreset';
export { toGoldenPathPreset } from './goldenPathPreset';
export type { MeshPlatform } from './platform';
export {
  isRefusedNamespace,
  PLATFORM_DEFAULTS,
  readMeshPlatform,
} from './platform';
export {
  loadTesterProblem,
  retryBudgetProblem,
  worstCaseRetryMs,
} from './trafficChecks';
