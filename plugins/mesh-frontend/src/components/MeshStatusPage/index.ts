export { MeshStatusPage } from './MeshStatusPage';
