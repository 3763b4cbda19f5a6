export { MeshOverviewCard } from './MeshOverviewCard';
