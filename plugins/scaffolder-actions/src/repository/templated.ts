import { Lexer } from 'yaml';

const templateMarker = /\{\{|\{%/;
// Spaces and the lexer's scalar marker (U+001F) say nothing about structure.
const SCALAR_MARKER = String.fromCharCode(0x1f);
const blank = (token: string) =>
  [...token].every(c => c === ' ' || c === '\t' || c === SCALAR_MARKER);

/**
 * Whether a YAML file is a template (Helm, Jinja, envsubst-style `{{ }}`)
 * rather than a manifest. `{{` inside a string is fine (PrometheusRule
 * annotations and Flagger MetricTemplates use it); a file is templated when
 * `{{` or `{%` sits where YAML reads structure: two flow-mapping openings in a
 * row, as `replicas: {{ .n }}` and `{{- include … }}` lex. Tokens only, no
 * parse: this runs on every file of the repository.
 */
export function isTemplated(text: string): boolean {
  if (!templateMarker.test(text)) return false;
  let previous: string | undefined;
  for (const token of new Lexer().lex(text)) {
    if (blank(token)) continue;
    if (previous === '{' && (token === '{' || token.startsWith('%')))
      return true;
    previous = token;
  }
  return false;
}
