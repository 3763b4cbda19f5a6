import { parseManifests } from './parseManifests';

describe('parseManifests', () => {
  it('keeps the line of each object in a multi-document file', () => {
    const text = [
      '# comment',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: { name: a }',
      '---',
      '',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: { name: b }',
    ].join('\n');
    const { objects, findings } = parseManifests(text, 'ns.yaml');
    expect(findings).toEqual([]);
    expect(objects.map(o => [o.object.metadata.name, o.source])).toEqual([
      ['a', { file: 'ns.yaml', line: 2 }],
      ['b', { file: 'ns.yaml', line: 7 }],
    ]);
  });

  it('reports a document that does not parse and still returns the others', () => {
    const text =
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n---\nkind: [unclosed\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: c }\n';
    const { objects, findings } = parseManifests(text, 'broken.yaml');
    expect(objects.map(o => o.object.metadata.name)).toEqual(['a', 'c']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      code: 'MP0001',
      severity: 'error',
      source: { file: 'broken.yaml', line: 5 },
    });
  });

  it('reports documents that are not Kubernetes objects, and unwraps Lists', () => {
    const text =
      'just a string\n---\nkind: Service\nmetadata: { name: x }\n---\napiVersion: v1\nkind: List\nitems:\n  - { apiVersion: v1, kind: Namespace, metadata: { name: listed } }\n';
    const { objects, findings } = parseManifests(text, 'odd.yaml');
    expect(objects.map(o => o.object.metadata.name)).toEqual(['listed']);
    expect(findings.map(f => f.message)).toEqual([
      'The document is not a Kubernetes object: it is not a mapping',
      'The document is not a Kubernetes object: apiVersion missing',
    ]);
  });

  it('refuses duplicate keys, which kubectl would silently merge', () => {
    const { findings } = parseManifests(
      'apiVersion: v1\nkind: Namespace\nkind: Service\nmetadata: { name: a }\n',
      'dup.yaml',
    );
    expect(findings.map(f => f.code)).toEqual(['MP0001']);
  });

  it('skips kustomization.yaml, which configures a build and is not a cluster object', () => {
    const text =
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n';
    expect(parseManifests(text, 'kustomization.yaml')).toEqual({
      objects: [],
      findings: [],
    });
  });
});
