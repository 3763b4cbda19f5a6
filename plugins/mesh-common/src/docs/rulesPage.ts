import type { ComplianceFramework, ControlRef } from '../findings';
import {
  MESH_RULE_CODES,
  MESH_RULES,
  type MeshRuleCode,
  type RuleDefinition,
} from '../rules';
import { COMPLIANCE_FRAMEWORK_NAMES as FRAMEWORK_NAMES } from '../rules/documentation';
import { RULE_RATIONALE } from './rationale';

/** The page, relative to the repository root. */
export const RULES_PAGE_PATH = 'docs/rules.md';

// The same pages the backend links a finding to when no rule reference is configured.
const ISTIO_DOCS = 'https://istio.io/latest/docs/reference/config/analysis/';
const KIALI_DOCS = 'https://kiali.io/docs/features/validations/';

const GROUPS: Array<{ prefix: string; heading: string; intro: string }> = [
  {
    prefix: 'MP0',
    heading: 'Input',
    intro:
      'Files that cannot be read or parsed, and objects that break their schema. An object with a schema finding is left out of the cross-object checks.',
  },
  {
    prefix: 'MP11',
    heading: 'Configuration checks (istioctl and Kiali)',
    intro:
      "The cross-object checks of `istioctl analyze` and Kiali, run on the whole world the engine is given, and from MP1125 Meshpath's own checks of the same routing, gateway and policy objects.",
  },
  {
    prefix: 'MP12',
    heading: "Meshpath's own checks",
    intro: 'Mistakes neither istioctl nor Kiali reports.',
  },
  {
    prefix: 'MP13',
    heading: 'Reachability',
    intro:
      'Who can reach each workload and port, computed across Kubernetes NetworkPolicy (L4) and Istio mTLS and AuthorizationPolicy (L7) on the world after Flagger: what is blocked that must get through (Prometheus, the ingress gateway pods, declared callers, the load tester, ambient HBONE) and what is open that should not be.',
  },
  {
    prefix: 'MP14',
    heading: 'Telemetry',
    intro:
      'Hand-written PrometheusRules, Flagger MetricTemplates and canary gates read against how Istio, Flagger and Alertmanager really report and route: series that miss the traffic they mean to measure, gates that pass failing releases, alerts that cannot fire or do not page. The PromQL is read by a bounded extractor (selectors, label matchers and top-level comparisons with a constant); an expression over 16,384 characters is not read.',
  },
  {
    prefix: 'MP2',
    heading: 'Compliance',
    intro:
      'Evaluated per Service (outside the root namespace and `kube-*` namespaces): each Service passes or fails a rule, and a rule that does not apply to it (JWT for a Service that is not exposed) gives no result. Each maps to controls of the frameworks below.',
  },
];

/** Text from the metadata as inline Markdown: nothing in it can start markup. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[\\`*[\]<>|~&]/g, character => `\\${character}`)
      // An underscore inside a word starts no emphasis (and Prettier unescapes it there).
      .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
  );
}

function istioLink(code: string): string {
  return /^IST\d{4}$/.test(code)
    ? `[${code}](${ISTIO_DOCS}${code.toLowerCase()}/)`
    : escapeMarkdown(code);
}

function kialiLink(code: string): string {
  return /^KIA\d{4}$/.test(code)
    ? `[${code}](${KIALI_DOCS}#${code.toLowerCase()})`
    : escapeMarkdown(code);
}

/** A Markdown table with padded columns, as Prettier writes it (the page is checked by Prettier too). */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, 3, ...rows.map(row => row[column].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join(' | ')} |`;
  return [
    line(header),
    line(widths.map(width => '-'.repeat(width))),
    ...rows.map(line),
  ];
}

/** The anchor a finding's documentation URL ends with: the code in lower case. */
function ruleAnchor(code: MeshRuleCode): string {
  return code.toLowerCase();
}

function controlsByFramework(
  controls: ControlRef[],
): Array<[string, string[]]> {
  const grouped = new Map<ComplianceFramework, string[]>();
  for (const { framework, control } of controls) {
    grouped.set(framework, [...(grouped.get(framework) ?? []), control]);
  }
  return [...grouped].map(([framework, ids]) => [
    FRAMEWORK_NAMES[framework],
    ids,
  ]);
}

function ruleSection(rule: RuleDefinition): string[] {
  const twins = [
    rule.references.istio
      ? `istioctl ${istioLink(rule.references.istio)}`
      : undefined,
    rule.references.kiali
      ? `Kiali ${kialiLink(rule.references.kiali)}`
      : undefined,
  ].filter(Boolean);
  const lines = [
    `### ${rule.code}`,
    '',
    `**${escapeMarkdown(rule.title)}**`,
    '',
    `- **Category:** ${rule.category}; **default severity:** ${rule.defaultSeverity}`,
    `- **Why it matters:** ${escapeMarkdown(RULE_RATIONALE[rule.code])}`,
    `- **Same problem in:** ${twins.length > 0 ? twins.join(', ') : 'none'}`,
  ];
  if (rule.controls.length > 0) {
    lines.push('- **Framework controls:**');
    for (const [framework, ids] of controlsByFramework(rule.controls)) {
      lines.push(`  - ${framework}: ${ids.map(escapeMarkdown).join('; ')}`);
    }
  }
  lines.push(`- **How to fix:** ${escapeMarkdown(rule.remediation)}`, '');
  return lines;
}

function summaryTable(rules: RuleDefinition[]): string[] {
  return table(
    ['Code', 'Rule', 'Category', 'Default severity', 'istioctl', 'Kiali'],
    rules.map(rule => [
      `[${rule.code}](#${ruleAnchor(rule.code)})`,
      escapeMarkdown(rule.title),
      rule.category,
      rule.defaultSeverity,
      rule.references.istio ? escapeMarkdown(rule.references.istio) : '—',
      rule.references.kiali ? escapeMarkdown(rule.references.kiali) : '—',
    ]),
  );
}

function frameworkOrder(name: string): number {
  return Object.values(FRAMEWORK_NAMES).indexOf(name);
}

function controlsTable(rules: RuleDefinition[]): string[] {
  const rows = new Map<string, { cells: string[]; codes: MeshRuleCode[] }>();
  for (const rule of rules) {
    for (const { framework, control } of rule.controls) {
      const cells = [FRAMEWORK_NAMES[framework], escapeMarkdown(control)];
      const key = cells.join('\n');
      const row = rows.get(key) ?? { cells, codes: [] };
      row.codes.push(rule.code);
      rows.set(key, row);
    }
  }
  return table(
    ['Framework', 'Control', 'Rules'],
    // By framework, in the order above; controls in the order rules first name them.
    [...rows.values()]
      .sort((a, b) => frameworkOrder(a.cells[0]) - frameworkOrder(b.cells[0]))
      .map(({ cells, codes }) => [
        ...cells,
        codes.map(code => `[${code}](#${ruleAnchor(code)})`).join(', '),
      ]),
  );
}

/**
 * The rule catalogue page, rendered from the rule metadata (`MESH_RULES`) and
 * each rule's reason. `npm run docs:rules` writes it; a test compares it.
 */
export function renderRulesPage(): string {
  const rules = MESH_RULE_CODES.map(code => MESH_RULES[code]);
  const lines = [
    '# Meshpath rule catalogue',
    '',
    '<!-- Generated from the rule metadata in plugins/mesh-common/src/rules and src/docs/rationale.ts by `npm run docs:rules`. Do not edit by hand: plugins/mesh-common/src/docs/rulesPage.test.ts fails when this page and the metadata differ. -->',
    '',
    "Every finding of the Meshpath analysis engine carries one of these codes, the same in the portal, the scaffolder's `mesh:validate` action and the `meshpath analyze` command line. A golden path can disable a rule or change its severity (`rules.disabled`, `rules.severities`; see [golden paths](golden-paths.md)).",
    '',
    'Findings in the portal link to this page when `mesh.rulesDocumentationUrl` is set to its URL: the link is `<url>#<code in lower case>`, for example `#mp1101`, and every rule below has that anchor.',
    '',
    '## All rules',
    '',
    ...summaryTable(rules),
    '',
  ];
  const grouped = rules.filter(rule =>
    GROUPS.some(group => rule.code.startsWith(group.prefix)),
  );
  if (grouped.length !== rules.length)
    throw new Error(
      'A rule code has no group on the rules page: add one to GROUPS',
    );
  for (const group of GROUPS) {
    const members = rules.filter(rule => rule.code.startsWith(group.prefix));
    if (members.length === 0) continue;
    lines.push(`## ${group.heading}`, '', group.intro, '');
    for (const rule of members) lines.push(...ruleSection(rule));
  }
  lines.push(
    '## Controls by framework',
    '',
    "Identifiers are the frameworks' own: SOC 2 Trust Services Criteria, PCI DSS v4.0 requirements, HIPAA 45 CFR 164.3xx, ISO/IEC 27001:2022 Annex A, GDPR articles, and the NIST SP 800-204 series (A: service mesh, B: ABAC authorization). The portal's compliance scores per framework use the same mapping.",
    '',
    ...controlsTable(rules),
    '',
  );
  return lines.join('\n');
}
