export { FindingsCard } from './FindingsCard';
export type { FindingsCardProps } from './FindingsCard';
