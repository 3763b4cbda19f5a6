import type { Finding } from '@meshpath/plugin-mesh-common';
import { relative } from 'node:path';
import { STDIN_SOURCE } from '../manifests/loadManifests';

/** A finding as the command line reports it: silenced inline, or not. */
export interface ReportedFinding extends Finding {
  /** Present when a `# meshpath:ignore CODE reason` comment on the object silences it. */
  suppression?: { justification: string };
}

/** What every output format is given. */
export interface Report {
  findings: ReportedFinding[];
  /** Paths are shown relative to it. */
  cwd: string;
  version: string;
  /** The rule catalogue page; a rule's documentation is `<url>#<code in lower case>`. */
  rulesUrl?: string;
}

/** Where a finding is, as the user named it: relative paths, `<stdin>` as is. */
export const shownPath = (file: string, cwd: string) =>
  file === STDIN_SOURCE ? file : relative(cwd, file).split('\\').join('/');

/**
 * One line stays one line: names and paths come from the manifests' authors,
 * and a line break or terminal control in them could forge output in CI logs.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this escapes
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
export const printable = (text: string) =>
  text.replace(
    controlCharacters,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

export const objectLabel = (finding: Finding) =>
  finding.object
    ? `${finding.object.kind} ${
        finding.object.namespace ? `${finding.object.namespace}/` : ''
      }${finding.object.name}`
    : '';

/** Findings that count: an inline suppression takes a finding out of the verdict. */
export const counted = (findings: ReportedFinding[]) =>
  findings.filter(f => !f.suppression);
