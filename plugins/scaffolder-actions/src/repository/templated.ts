import { isMap, parseAllDocuments, visit } from 'yaml';

const templateMarker = /\{\{|\{%/;

/**
 * Whether a YAML file is a template (Helm, Jinja, envsubst-style `{{ }}`)
 * rather than a manifest. `{{` inside a string is fine (PrometheusRule
 * annotations use it); a file is templated when the syntax breaks the YAML or
 * sits where YAML reads it as a mapping inside a mapping (`replicas: {{ .n }}`).
 */
export function isTemplated(text: string): boolean {
  if (!templateMarker.test(text)) return false;
  for (const document of parseAllDocuments(text, { uniqueKeys: false })) {
    if (document.errors.length > 0) return true;
    let nested = false;
    visit(document, {
      Map(_, node) {
        const firstKey = node.flow ? node.items[0]?.key : undefined;
        if (isMap(firstKey) && firstKey.flow) {
          nested = true;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (nested) return true;
  }
  return false;
}
