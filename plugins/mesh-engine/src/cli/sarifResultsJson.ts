/** One SARIF result as formatSarif builds it. */
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number };
    };
  }>;
  partialFingerprints: { 'meshpathFinding/v1': string };
  suppressions?: Array<{ kind: string; justification: string }>;
}

const quoted = (text: string) => JSON.stringify(text);

/** A number as JSON writes it (NaN and infinities become null). */
const numeric = (value: number) =>
  Number.isFinite(value) ? `${value}` : 'null';

/**
 * One result written as `JSON.stringify(…, null, 2)` writes it at the given
 * indentation: the same bytes, without the generic walk, which took a tenth
 * of the command line on a large mesh. A test holds the two to the same text.
 */
function resultJson(result: SarifResult, indent: string): string {
  const a = `${indent}  `;
  const b = `${a}  `;
  const c = `${b}  `;
  const d = `${c}  `;
  const e = `${d}  `;
  const location = result.locations[0];
  const locations =
    result.locations.length === 0
      ? '[]'
      : result.locations.length === 1
      ? `[\n${b}{\n${c}"physicalLocation": {\n${d}"artifactLocation": {\n${e}"uri": ${quoted(
          location.physicalLocation.artifactLocation.uri,
        )}\n${d}},\n${d}"region": {\n${e}"startLine": ${numeric(
          location.physicalLocation.region.startLine,
        )}\n${d}}\n${c}}\n${b}}\n${a}]`
      : JSON.stringify(result.locations, null, 2).replace(/\n/g, `\n${a}`);
  let text = `${indent}{\n${a}"ruleId": ${quoted(
    result.ruleId,
  )},\n${a}"ruleIndex": ${numeric(result.ruleIndex)},\n${a}"level": ${quoted(
    result.level,
  )},\n${a}"message": {\n${b}"text": ${quoted(
    result.message.text,
  )}\n${a}},\n${a}"locations": ${locations},\n${a}"partialFingerprints": {\n${b}"meshpathFinding/v1": ${quoted(
    result.partialFingerprints['meshpathFinding/v1'],
  )}\n${a}}`;
  if (result.suppressions)
    text += `,\n${a}"suppressions": ${
      result.suppressions.length === 0
        ? '[]'
        : `[\n${result.suppressions
            .map(
              s =>
                `${b}{\n${c}"kind": ${quoted(
                  s.kind,
                )},\n${c}"justification": ${quoted(s.justification)}\n${b}}`,
            )
            .join(',\n')}\n${a}]`
    }`;
  return `${text}\n${indent}}`;
}

/**
 * The results array as `JSON.stringify(…, null, 2)` writes it, opening at
 * the given indentation (the closing bracket's).
 */
export function sarifResultsJson(
  results: SarifResult[],
  indent: string,
): string {
  if (results.length === 0) return '[]';
  const inner = `${indent}  `;
  const parts = new Array<string>(results.length);
  for (let i = 0; i < results.length; i++)
    parts[i] = resultJson(results[i], inner);
  return `[\n${parts.join(',\n')}\n${indent}]`;
}
