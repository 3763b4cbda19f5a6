import { Lexer } from 'yaml';

const templateMarker = /\{\{|\{%/;
// Spaces and the lexer's scalar marker (\x1f) say nothing about structure.
const blank = /^[ \t\x1f]*$/;

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
    if (blank.test(token)) continue;
    if (previous === '{' && (token === '{' || token.startsWith('%')))
      return true;
    previous = token;
  }
  return false;
}
