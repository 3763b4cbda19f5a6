import type { ControlRef } from '../findings';

// Control sets shared by several compliance rules. Identifiers are the
// frameworks' own: SOC 2 Trust Services Criteria, PCI DSS v4.0 requirements,
// HIPAA 45 CFR 164.3xx, ISO/IEC 27001:2022 Annex A, GDPR articles, and the
// NIST SP 800-204 series (A: service mesh, B: ABAC authorization).

/** Encryption and peer authentication of service-to-service traffic. */
export const transportSecurityControls: ControlRef[] = [
  { framework: 'SOC2', control: 'CC6.1' },
  { framework: 'SOC2', control: 'CC6.7' },
  { framework: 'PCI-DSS-4.0', control: '4.2.1' },
  { framework: 'HIPAA', control: '164.312(e)(1)' },
  { framework: 'HIPAA', control: '164.312(d)' },
  { framework: 'ISO-27001-2022', control: 'A.8.24' },
  { framework: 'ISO-27001-2022', control: 'A.8.20' },
  { framework: 'GDPR', control: 'Art.32(1)(a)' },
  {
    framework: 'NIST-800-204',
    control: 'SP 800-204A: mutual TLS between services',
  },
];

/** Least-privilege access between services. */
export const accessControlControls: ControlRef[] = [
  { framework: 'SOC2', control: 'CC6.1' },
  { framework: 'SOC2', control: 'CC6.3' },
  { framework: 'PCI-DSS-4.0', control: '7.2.1' },
  { framework: 'HIPAA', control: '164.312(a)(1)' },
  { framework: 'ISO-27001-2022', control: 'A.5.15' },
  { framework: 'ISO-27001-2022', control: 'A.8.3' },
  { framework: 'GDPR', control: 'Art.32(1)(b)' },
  {
    framework: 'NIST-800-204',
    control: 'SP 800-204B: deny by default, allow per service identity',
  },
];

/** End-user authentication at the edge. */
export const endUserAuthenticationControls: ControlRef[] = [
  { framework: 'SOC2', control: 'CC6.1' },
  { framework: 'PCI-DSS-4.0', control: '8.3.1' },
  { framework: 'HIPAA', control: '164.312(d)' },
  { framework: 'ISO-27001-2022', control: 'A.8.5' },
  { framework: 'GDPR', control: 'Art.32(1)(b)' },
  {
    framework: 'NIST-800-204',
    control: 'SP 800-204A: end-user authentication with JWT at ingress',
  },
];

/** Network segmentation below the mesh. */
export const networkSegmentationControls: ControlRef[] = [
  { framework: 'SOC2', control: 'CC6.6' },
  { framework: 'PCI-DSS-4.0', control: '1.3.1' },
  { framework: 'HIPAA', control: '164.312(a)(1)' },
  { framework: 'ISO-27001-2022', control: 'A.8.22' },
  { framework: 'GDPR', control: 'Art.32(1)(b)' },
  { framework: 'NIST-800-204', control: 'SP 800-204: network segmentation' },
];

/** Resilience: timeouts, retries, circuit breaking. */
export const resilienceControls: ControlRef[] = [
  { framework: 'SOC2', control: 'A1.2' },
  { framework: 'PCI-DSS-4.0', control: '12.10.1' },
  { framework: 'HIPAA', control: '164.308(a)(7)' },
  { framework: 'ISO-27001-2022', control: 'A.8.14' },
  { framework: 'GDPR', control: 'Art.32(1)(b)' },
  {
    framework: 'NIST-800-204',
    control: 'SP 800-204A: resiliency (timeouts, retries, circuit breakers)',
  },
];

/** Controlled, observable change. */
export const changeManagementControls: ControlRef[] = [
  { framework: 'SOC2', control: 'CC8.1' },
  { framework: 'PCI-DSS-4.0', control: '6.5.1' },
  { framework: 'HIPAA', control: '164.308(a)(8)' },
  { framework: 'ISO-27001-2022', control: 'A.8.32' },
  { framework: 'GDPR', control: 'Art.32(1)(d)' },
  { framework: 'NIST-800-204', control: 'SP 800-204A: canary deployments' },
];

/** Measured availability. */
export const availabilityMonitoringControls: ControlRef[] = [
  { framework: 'SOC2', control: 'A1.1' },
  { framework: 'SOC2', control: 'CC7.2' },
  { framework: 'PCI-DSS-4.0', control: '10.7.2' },
  { framework: 'HIPAA', control: '164.308(a)(1)(ii)(D)' },
  { framework: 'ISO-27001-2022', control: 'A.8.16' },
  { framework: 'GDPR', control: 'Art.32(1)(c)' },
  {
    framework: 'NIST-800-204',
    control: 'SP 800-204A: monitoring and observability',
  },
];
