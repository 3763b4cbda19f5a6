import {
  counted,
  objectLabel,
  printable,
  Report,
  ReportedFinding,
  shownPath,
} from './report';

const referenceLabel = (finding: ReportedFinding) =>
  [finding.references.istio, finding.references.kiali]
    .filter(Boolean)
    .join(' ');

/** One line per finding, then a summary: for people reading CI logs. */
export function formatText(report: Report): string {
  const { findings, cwd } = report;
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
      }${
        finding.suppression
          ? `  suppressed: ${
              finding.suppression.justification || 'no reason given'
            }`
          : ''
      }`,
    );
  });
  const open = counted(findings);
  const count = (severity: string) =>
    open.filter(f => f.severity === severity).length;
  const suppressed = findings.length - open.length;
  lines.push(
    `${count('error')} error(s), ${count('warning')} warning(s), ${count(
      'info',
    )} info${suppressed > 0 ? `, ${suppressed} suppressed` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

/** The findings as JSON: the engine's Finding shape, plus `suppression` where a comment silences one. */
export function formatJson(report: Report): string {
  return `${JSON.stringify({ findings: report.findings }, null, 2)}\n`;
}
