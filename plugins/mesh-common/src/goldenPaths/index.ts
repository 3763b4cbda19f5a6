export type {
  DataplaneMode,
  DeepPartial,
  DeliveryStrategy,
  GoldenPath,
  MeshServiceSpec,
  PortProtocol,
} from './types';
export { LOCKABLE_FIELDS, weakens } from './lockable';
export { readGoldenPaths } from './readGoldenPaths';
