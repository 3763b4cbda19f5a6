import {
  Finding,
  isMeshRuleCode,
  meshRule,
} from '@meshpath/plugin-mesh-common';
import { relative } from 'node:path';
import { STDIN_SOURCE } from '../manifests/loadManifests';

/** Where a finding is, as the user named it: relative paths, `<stdin>` as is. */
const shownPath = (file: string, cwd: string) =>
  file === STDIN_SOURCE ? file : relative(cwd, file);

/**
 * One line stays one line: names and paths come from the manifests' authors,
 * and a line break or terminal control in them could forge output in CI logs.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this escapes
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const printable = (text: string) =>
  text.replace(
    controlCharacters,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

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
      ? `${shownPath(finding.source.file, cwd)}:${finding.source.line}`
      : '-';
    const refs = referenceLabel(finding);
    return printable(
      `${where}  ${finding.severity.padEnd(7)}  ${finding.code}  ${
        finding.message
      }${finding.object ? `  (${objectLabel(finding)})` : ''}${
        refs ? `  [${refs}]` : ''
      }`,
    );
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
    // Findings come from the engine, so an unknown code is a bug, not input.
    if (!isMeshRuleCode(code))
      throw new Error(`Unknown Meshpath rule code ${code}`);
    const rule = meshRule(code);
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
    // SARIF names files by URI; standard input has none, so those results carry no location.
    locations:
      finding.source && finding.source.file !== STDIN_SOURCE
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
