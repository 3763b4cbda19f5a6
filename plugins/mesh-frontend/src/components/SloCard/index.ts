export { SloCard } from './SloCard';
export type { SloCardProps } from './SloCard';
