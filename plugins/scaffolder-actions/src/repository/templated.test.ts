import { isTemplated } from './templated';

describe('isTemplated', () => {
  it.each([
    ['a Helm value', 'spec:\n  replicas: {{ .Values.replicas }}\n'],
    [
      'a Helm include at a line start',
      'metadata:\n  labels:\n    {{- include "x.labels" . | nindent 4 }}\n',
    ],
    [
      'a Helm block',
      '{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\n{{- end }}\n',
    ],
    ['a Jinja block', '{% if prod %}\nreplicas: 3\n{% endif %}\n'],
    ['a template in a flow sequence', 'args: [{{ .Args }}]\n'],
  ])('reads %s as a template', (_, text) => {
    expect(isTemplated(text)).toBe(true);
  });

  it.each([
    ['a quoted annotation', 'summary: "{{ $labels.service }} burns"\n'],
    [
      'a block scalar',
      'query: |\n  sum(rate(x{a="{{ target }}"}[{{ interval }}]))\n',
    ],
    ['a single-quoted value', "description: '{{ $value }}'\n"],
    ['a plain flow mapping', 'selector: { app: payments }\n'],
    ['no template at all', 'kind: Service\n'],
  ])('reads %s as a manifest', (_, text) => {
    expect(isTemplated(text)).toBe(false);
  });
});
