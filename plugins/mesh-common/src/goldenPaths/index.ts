export type {
  DataplaneMode,
  DeepPartial,
  DeliveryStrategy,
  GoldenPath,
  MeshServiceSpec,
  PortProtocol,
} from './types';
export { LOCKABLE_FIELDS, weakens } from './lockable';
export { goldenPathNamed } from './goldenPathNamed';
export { readGoldenPaths } from './readGoldenPaths';
