import {
  COMPLIANCE_FRAMEWORK_NAMES,
  meshRule,
  MeshRuleCode,
  ruleRationale,
  ruleDocumentationUrl,
} from '@meshpath/plugin-mesh-common';

/**
 * A rule explained in plain text: what it means, why it matters, its
 * controls and how to fix it, from the metadata the rule catalogue page is
 * generated from.
 */
export function explainRule(code: MeshRuleCode, rulesUrl?: string): string {
  const rule = meshRule(code);
  const twins = [
    rule.references.istio ? `istioctl ${rule.references.istio}` : undefined,
    rule.references.kiali ? `Kiali ${rule.references.kiali}` : undefined,
  ].filter(Boolean);
  const byFramework = new Map<string, string[]>();
  for (const { framework, control } of rule.controls) {
    const name = COMPLIANCE_FRAMEWORK_NAMES[framework];
    byFramework.set(name, [...(byFramework.get(name) ?? []), control]);
  }
  const documentation = ruleDocumentationUrl(rule, rulesUrl);
  return [
    `${code}  ${rule.title}`,
    `Category: ${rule.category}; default severity: ${rule.defaultSeverity}`,
    `Same problem in: ${twins.length > 0 ? twins.join(', ') : 'none'}`,
    `Why it matters: ${ruleRationale(code)}`,
    ...(byFramework.size > 0
      ? [
          'Framework controls:',
          ...[...byFramework].map(
            ([framework, ids]) => `  ${framework}: ${ids.join('; ')}`,
          ),
        ]
      : ['Framework controls: none']),
    `How to fix: ${rule.remediation}`,
    ...(documentation ? [`Documentation: ${documentation}`] : []),
    '',
  ].join('\n');
}
