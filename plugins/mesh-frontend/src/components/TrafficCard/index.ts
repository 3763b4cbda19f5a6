export { TrafficCard } from './TrafficCard';
