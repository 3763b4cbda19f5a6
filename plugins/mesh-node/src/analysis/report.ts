import type { Finding, FindingSeverity } from '@meshpath/plugin-mesh-common';
import { finding } from '../findings';
import type { IndexedObject } from './meshIndex';

/**
 * Which rules apply and how severe they are, per golden-path preset.
 * @public
 */
export interface RulePolicy {
  /** Rule codes that are not evaluated. */
  disabled?: string[];
  /** Severity overrides by rule code. */
  severities?: Record<string, FindingSeverity>;
}

/** Collects findings, applying the rule policy as they arrive. */
export class Reporter {
  readonly findings: Finding[] = [];
  private readonly disabled: Set<string>;

  constructor(private readonly policy: RulePolicy = {}) {
    this.disabled = new Set(policy.disabled ?? []);
  }

  enabled(code: string): boolean {
    return !this.disabled.has(code);
  }

  report(
    code: string,
    message: string,
    at?: Pick<IndexedObject, 'ref' | 'source'>,
    references?: Finding['references'],
  ) {
    if (this.disabled.has(code)) return;
    const result = finding(code, message, {
      object: at?.ref,
      source: at?.source,
    });
    const severity = this.policy.severities?.[code];
    if (severity) result.severity = severity;
    if (references) result.references = { ...result.references, ...references };
    this.findings.push(result);
  }
}
