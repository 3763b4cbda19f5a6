import { objectLabel, Report, ReportedFinding, shownPath } from './report';

// XML 1.0 cannot hold these, even escaped.
const notXml =
  // eslint-disable-next-line no-control-regex -- control characters are what this replaces
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const xml = (text: string) =>
  text
    .replace(notXml, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

function testCase(finding: ReportedFinding, cwd: string): string {
  const file = finding.source ? shownPath(finding.source.file, cwd) : '';
  const where = finding.source ? `${file}:${finding.source.line}` : '';
  const name = `${finding.code} ${objectLabel(finding)}`.trim();
  const text = `${where ? `${where}: ` : ''}${finding.message}. ${
    finding.remediation
  }`;
  const attributes = `classname="${xml(file || 'meshpath')}" name="${xml(
    name,
  )}"${file ? ` file="${xml(file)}"` : ''}${
    finding.source ? ` line="${finding.source.line}"` : ''
  }`;
  if (finding.suppression)
    return `    <testcase ${attributes}>\n      <skipped message="${xml(
      `suppressed: ${finding.suppression.justification}`,
    )}"/>\n    </testcase>`;
  if (finding.severity === 'info')
    return `    <testcase ${attributes}>\n      <system-out>${xml(
      text,
    )}</system-out>\n    </testcase>`;
  return `    <testcase ${attributes}>\n      <failure type="${
    finding.severity
  }" message="${xml(finding.message)}">${xml(text)}</failure>\n    </testcase>`;
}

/**
 * JUnit XML as GitLab and Jenkins read it: one test case per finding, named by
 * rule and object; errors and warnings fail, info passes, suppressed ones are
 * skipped. A clean run is one passing case, so the report is never empty.
 */
export function formatJunit(report: Report): string {
  const { findings, cwd } = report;
  const cases = findings.map(finding => testCase(finding, cwd));
  if (cases.length === 0)
    cases.push('    <testcase classname="meshpath" name="meshpath analyze"/>');
  const failures = findings.filter(
    f => !f.suppression && f.severity !== 'info',
  ).length;
  const skipped = findings.filter(f => f.suppression).length;
  const tests = Math.max(findings.length, 1);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="meshpath" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
    `  <testsuite name="meshpath analyze" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
