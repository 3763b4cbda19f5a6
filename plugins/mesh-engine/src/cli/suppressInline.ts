import type { Finding } from '@meshpath/plugin-mesh-common';
import type { InlineSuppression } from '../manifests/inlineSuppressions';
import type { ReportedFinding } from './report';

const key = (file: string, line: number, code: string) =>
  `${file}\0${line}\0${code}`;

/** Marks each finding a `# meshpath:ignore` comment on its object silences. */
export function suppressInline(
  findings: Finding[],
  suppressions: InlineSuppression[],
): ReportedFinding[] {
  if (suppressions.length === 0) return findings;
  const justifications = new Map<string, string>();
  for (const { source, code, justification } of suppressions)
    justifications.set(key(source.file, source.line, code), justification);
  return findings.map(finding => {
    const justification = finding.source
      ? justifications.get(
          key(finding.source.file, finding.source.line, finding.code),
        )
      : undefined;
    return justification === undefined
      ? finding
      : { ...finding, suppression: { justification } };
  });
}
