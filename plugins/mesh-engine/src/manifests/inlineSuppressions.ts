import type { SourceLocation } from '@meshpath/plugin-mesh-common';

/**
 * A rule silenced on one object by a comment in its document:
 * `# meshpath:ignore MP1105 the two rules are merged by our admission webhook`.
 * @public
 */
export interface InlineSuppression {
  /** The object's location, as its findings carry it. */
  source: SourceLocation;
  /** The rule silenced, for example `MP1105`. */
  code: string;
  /** The words after the code; empty when none are given. */
  justification: string;
}

const ignoreComment =
  /#[ \t]*meshpath:ignore[ \t]+(MP\d{4})\b[ \t]*([^\r\n]*)/g;

/** The suppressions a document's text holds, for each object it declares. */
export function inlineSuppressions(
  text: string,
  sources: SourceLocation[],
): InlineSuppression[] {
  if (sources.length === 0 || !text.includes('meshpath:ignore')) return [];
  const found: InlineSuppression[] = [];
  for (const match of text.matchAll(ignoreComment)) {
    for (const source of sources)
      found.push({ source, code: match[1], justification: match[2].trim() });
  }
  return found;
}
