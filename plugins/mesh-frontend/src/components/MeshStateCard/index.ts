export { MeshStateCard } from './MeshStateCard';
