import { STDIN_SOURCE } from '../manifests/loadManifests';
import { objectLabel, Report, shownPath } from './report';

// As GitHub's toolkit escapes workflow commands: nothing in a value can end it or start another.
const escapeData = (text: string) =>
  text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) =>
  escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

const command = { error: 'error', warning: 'warning', info: 'notice' } as const;

/**
 * GitHub Actions workflow commands: each finding becomes an annotation on its
 * file and line in the run and the pull request. Suppressed findings are left out.
 */
export function formatGithub(report: Report): string {
  const lines = report.findings
    .filter(finding => !finding.suppression)
    .map(finding => {
      const properties = [
        ...(finding.source && finding.source.file !== STDIN_SOURCE
          ? [
              `file=${escapeProperty(
                shownPath(finding.source.file, report.cwd),
              )}`,
              `line=${finding.source.line}`,
            ]
          : []),
        `title=${escapeProperty(
          `${finding.code} ${objectLabel(finding)}`.trim(),
        )}`,
      ];
      return `::${command[finding.severity]} ${properties.join(
        ',',
      )}::${escapeData(`${finding.message}. ${finding.remediation}`)}`;
    });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
