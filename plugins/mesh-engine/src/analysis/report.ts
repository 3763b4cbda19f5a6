import type {
  Finding,
  FindingSeverity,
  MeshRuleCode,
} from '@meshpath/plugin-mesh-common';
import { finding } from '../ruleFinding';
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

/**
 * Applies a rule policy to findings produced without one: drops the findings
 * of disabled rules and sets the overridden severities. The input is left as
 * it is, so one whole-cluster run can be re-severitised per entity.
 * @public
 */
export function applyRulePolicy(
  findings: Finding[],
  policy: RulePolicy | undefined,
): Finding[] {
  if (!policy) return findings;
  const disabled = new Set(policy.disabled ?? []);
  const severities = policy.severities;
  const result: Finding[] = [];
  for (const item of findings) {
    if (disabled.has(item.code)) continue;
    const severity = overriddenSeverity(severities, item.code);
    result.push(
      severity && severity !== item.severity ? { ...item, severity } : item,
    );
  }
  return result;
}

function overriddenSeverity(
  severities: RulePolicy['severities'],
  code: string,
): FindingSeverity | undefined {
  return severities && Object.prototype.hasOwnProperty.call(severities, code)
    ? severities[code]
    : undefined;
}

/** Collects findings, applying the rule policy as they arrive. */
export class Reporter {
  readonly findings: Finding[] = [];
  private readonly disabled: Set<string>;

  constructor(private readonly policy: RulePolicy = {}) {
    this.disabled = new Set(policy.disabled ?? []);
  }

  enabled(code: MeshRuleCode): boolean {
    return !this.disabled.has(code);
  }

  report(
    code: MeshRuleCode,
    message: string,
    at?: Pick<IndexedObject, 'ref' | 'source'>,
    references?: Finding['references'],
  ) {
    if (this.disabled.has(code)) return;
    const result = finding(code, message, {
      object: at?.ref,
      source: at?.source,
    });
    const severity = overriddenSeverity(this.policy.severities, code);
    if (severity) result.severity = severity;
    if (references) result.references = { ...result.references, ...references };
    this.findings.push(result);
  }
}
