export { MeshStatus } from './MeshStatus';
