/**
 * The shape of a finding, as the analysis engine reports it and as every
 * surface (portal, scaffolder, CLI) shows it.
 */

/** @public */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** Compliance frameworks Meshpath maps its rules to, in the order surfaces list them. @public */
export const COMPLIANCE_FRAMEWORKS = [
  'SOC2',
  'PCI-DSS-4.0',
  'HIPAA',
  'ISO-27001-2022',
  'GDPR',
  'NIST-800-204',
] as const;

/** A compliance framework Meshpath maps its rules to. @public */
export type ComplianceFramework = (typeof COMPLIANCE_FRAMEWORKS)[number];

/** One control of one framework, for example SOC 2 `CC6.1`. @public */
export interface ControlRef {
  framework: ComplianceFramework;
  /** The framework's own identifier, for example `CC6.1`, `4.2.1`, `164.312(e)(1)`, `A.8.20`, `Art.32(1)(a)`, `SP 800-204A SM-DR11`. */
  control: string;
}

/** The Kubernetes object a finding is about. @public */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Where an object came from, when it came from a file. @public */
export interface SourceLocation {
  file: string;
  /** 1-based line of the object's first line in the file. */
  line: number;
}

/** @public */
export interface Finding {
  /** Meshpath's rule code, for example `MP1101` (see the rule catalogue). */
  code: string;
  severity: FindingSeverity;
  /** What is wrong, in words a service developer understands. */
  message: string;
  object?: ObjectRef;
  source?: SourceLocation;
  /** The same problem as other tools name it. */
  references: {
    /** `istioctl analyze` message code, for example `IST0101`. */
    istio?: string;
    /** Kiali validation code, for example `KIA1101`. */
    kiali?: string;
  };
  controls: ControlRef[];
  /** How to fix it. */
  remediation: string;
}
