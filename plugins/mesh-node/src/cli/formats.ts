import { Finding, MESH_RULES } from '@meshpath/plugin-mesh-common';
import { relative } from 'node:path';

const objectLabel = (finding: Finding) =>
  finding.object
    ? `${finding.object.kind} ${
        finding.object.namespace ? `${finding.object.namespace}/` : ''
      }${finding.object.name}`
    : '';

const referenceLabel = (finding: Finding) =>
  [finding.references.istio, finding.references.kiali]
    .filter(Boolean)
    .join(' ');

/** One line per finding, then a summary: for people reading CI logs. */
export function formatText(findings: Finding[], cwd: string): string {
  const lines = findings.map(finding => {
    const where = finding.source
      ? `${relative(cwd, finding.source.file)}:${finding.source.line}`
      : '-';
    const refs = referenceLabel(finding);
    return `${where}  ${finding.severity.padEnd(7)}  ${finding.code}  ${
      finding.message
    }${finding.object ? `  (${objectLabel(finding)})` : ''}${
      refs ? `  [${refs}]` : ''
    }`;
  });
  const count = (severity: string) =>
    findings.filter(f => f.severity === severity).length;
  lines.push(
    `${count('error')} error(s), ${count('warning')} warning(s), ${count(
      'info',
    )} info`,
  );
  return `${lines.join('\n')}\n`;
}

/** The findings as JSON, exactly the engine's Finding shape. */
export function formatJson(findings: Finding[]): string {
  return `${JSON.stringify({ findings }, null, 2)}\n`;
}

const sarifLevel = {
  error: 'error',
  warning: 'warning',
  info: 'note',
} as const;

/** SARIF 2.1.0, which GitHub code scanning accepts (`github/codeql-action/upload-sarif`). */
export function formatSarif(
  findings: Finding[],
  cwd: string,
  version: string,
): string {
  const used = [...new Set(findings.map(f => f.code))].sort();
  const rules = used.map(code => {
    const rule = MESH_RULES[code];
    return {
      id: code,
      name: rule.title.replace(
        /[^A-Za-z0-9]+(.)?/g,
        (_, next: string | undefined) => (next ? next.toUpperCase() : ''),
      ),
      shortDescription: { text: rule.title },
      help: { text: rule.remediation },
      defaultConfiguration: { level: sarifLevel[rule.defaultSeverity] },
      properties: {
        tags: [
          rule.category,
          ...Object.values(rule.references),
          ...rule.controls.map(c => `${c.framework} ${c.control}`),
        ],
      },
    };
  });
  const results = findings.map(finding => ({
    ruleId: finding.code,
    ruleIndex: used.indexOf(finding.code),
    level: sarifLevel[finding.severity],
    message: {
      text: `${finding.message}${
        finding.object ? ` (${objectLabel(finding)})` : ''
      }. ${finding.remediation}`,
    },
    locations: finding.source
      ? [
          {
            physicalLocation: {
              artifactLocation: {
                uri: relative(cwd, finding.source.file).split('\\').join('/'),
              },
              region: { startLine: finding.source.line },
            },
          },
        ]
      : [],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'meshpath', version, rules } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
