import type { ComplianceFramework, FindingSeverity } from '../findings';

/**
 * What a service needs to reach one maturity level, as platform engineers
 * write it in `mesh.maturityLevels`. Every requirement given must hold.
 * @public
 */
export interface MaturityRequirements {
  /** Controls with no unwaived failing check, for example `{ framework: 'SOC2', control: 'CC6.1' }`. */
  controls?: Array<{ framework: ComplianceFramework; control: string }>;
  /** The lowest compliance score (0..1) per framework. */
  minScores?: Array<{ framework: ComplianceFramework; score: number }>;
  /** Rule codes with no unwaived finding, for example `MP2006`. */
  noFindingCodes?: string[];
  /** No unwaived finding of these severities. */
  noFindingSeverities?: FindingSeverity[];
  /** At least one SLO declared. */
  sloDeclared?: boolean;
  /** mTLS STRICT on every port of every workload. */
  mtlsStrict?: boolean;
}

/** One maturity level, in the order levels are reached (bronze before silver). @public */
export interface MaturityLevel {
  /** Short id, for example `gold`. */
  name: string;
  /** Shown to people; the name when absent. */
  title?: string;
  requires: MaturityRequirements;
}

/** The level a service has reached and what it lacks for the next one. @public */
export interface MaturityAssessment {
  /** The highest level reached (every level below it reached too); absent when none. */
  level?: string;
  /** 0 without a level, 1 for the first level, and so on; the fleet sorts by it. */
  rank: number;
  /** The next level and each requirement of it the service misses, in words. */
  next?: { level: string; missing: string[] };
}
