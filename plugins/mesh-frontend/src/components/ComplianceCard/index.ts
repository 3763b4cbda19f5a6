export { ComplianceCard, frameworkNames } from './ComplianceCard';
export type { ComplianceCardProps } from './ComplianceCard';
