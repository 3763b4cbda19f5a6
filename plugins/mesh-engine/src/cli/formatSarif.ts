import * as crypto from 'node:crypto';
import {
  isMeshRuleCode,
  meshRule,
  ruleDocumentationUrl,
  ruleRationale,
} from '@meshpath/plugin-mesh-common';
import { STDIN_SOURCE } from '../manifests/loadManifests';
import { explainRule } from './explain';
import { objectLabel, Report, ReportedFinding, shownPath } from './report';

const sarifLevel = {
  error: 'error',
  warning: 'warning',
  info: 'note',
} as const;

/** SHA-256 in hex; the one-shot `crypto.hash` (Node 20.12+) where there is one, it spares a Hash object per finding. */
const sha256 = (text: string): string =>
  typeof (crypto as any).hash === 'function'
    ? (crypto as any).hash('sha256', text, 'hex')
    : crypto.createHash('sha256').update(text).digest('hex');

/**
 * What identifies a finding across commits: the rule, the file, the object
 * and the message, never a line number, so code scanning keeps one alert
 * while lines above it are added or removed.
 */
function fingerprint(finding: ReportedFinding, path: string): string {
  const parts = [
    finding.code,
    path,
    finding.object
      ? `${finding.object.kind}/${finding.object.namespace ?? ''}/${
          finding.object.name
        }`
      : '',
    // Parser messages say where the parser stopped; that line moves with the file.
    finding.message.replace(/\bline \d+/g, 'line'),
  ];
  return sha256(parts.join('\0'));
}

function sarifRule(code: string, rulesUrl: string | undefined) {
  // Findings come from the engine, so an unknown code is a bug, not input.
  if (!isMeshRuleCode(code))
    throw new Error(`Unknown Meshpath rule code ${code}`);
  const rule = meshRule(code);
  const helpUri = ruleDocumentationUrl(rule, rulesUrl);
  return {
    id: code,
    name: rule.title.replace(
      /[^A-Za-z0-9]+(.)?/g,
      (_, next: string | undefined) => (next ? next.toUpperCase() : ''),
    ),
    shortDescription: { text: rule.title },
    fullDescription: { text: ruleRationale(code) },
    help: { text: explainRule(code, rulesUrl) },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: sarifLevel[rule.defaultSeverity] },
    properties: {
      tags: [
        rule.category,
        ...Object.values(rule.references),
        ...rule.controls.map(c => `${c.framework} ${c.control}`),
      ],
    },
  };
}

/** SARIF 2.1.0, which GitHub code scanning accepts (`github/codeql-action/upload-sarif`). */
export function formatSarif(report: Report): string {
  const { findings, cwd } = report;
  const used = [...new Set(findings.map(f => f.code))].sort();
  const ruleIndex = new Map(used.map((code, index) => [code, index]));
  // Most findings share a few files: each path is made relative once.
  const paths = new Map<string, string>();
  const pathOf = (file: string) => {
    let path = paths.get(file);
    if (path === undefined) paths.set(file, (path = shownPath(file, cwd)));
    return path;
  };
  const results = findings.map(finding => ({
    ruleId: finding.code,
    ruleIndex: ruleIndex.get(finding.code)!,
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
                artifactLocation: { uri: pathOf(finding.source.file) },
                region: { startLine: finding.source.line },
              },
            },
          ]
        : [],
    partialFingerprints: {
      'meshpathFinding/v1': fingerprint(
        finding,
        finding.source ? pathOf(finding.source.file) : '',
      ),
    },
    ...(finding.suppression
      ? {
          suppressions: [
            {
              kind: 'inSource',
              justification: finding.suppression.justification,
            },
          ],
        }
      : {}),
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'meshpath',
            version: report.version,
            ...(report.rulesUrl ? { informationUri: report.rulesUrl } : {}),
            rules: used.map(code => sarifRule(code, report.rulesUrl)),
          },
        },
        results,
      },
    ],
  };
  // One line: code scanning reads it, people open it in a viewer; 30,000 results are 14 MiB so, 23 MiB indented.
  return `${JSON.stringify(log)}\n`;
}
