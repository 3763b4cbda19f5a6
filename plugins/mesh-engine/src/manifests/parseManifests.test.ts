import { parseManifests, parseManifestsPrecisely } from './parseManifests';

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

  it('ends a quote left open at its document: the documents after it are still read', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: "open }\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: after }\n';
    const { objects, findings } = parseManifests(text, 'open.yaml');
    expect(objects.map(o => [o.object.metadata.name, o.source])).toEqual([
      ['after', { file: 'open.yaml', line: 5 }],
    ]);
    expect(findings.map(f => [f.code, f.source])).toEqual([
      ['MP0001', { file: 'open.yaml', line: 1 }],
    ]);
  });

  it('reads an inline suppression on the object it is in, and on no other', () => {
    const text = [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: { name: a } # meshpath:ignore MP2001 a lab namespace',
      '---',
      '# meshpath:ignore MP1113',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: { name: b }',
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: { name: c }',
    ].join('\n');
    expect(parseManifests(text, 'ns.yaml').suppressions).toEqual([
      {
        source: { file: 'ns.yaml', line: 1 },
        code: 'MP2001',
        justification: 'a lab namespace',
      },
      {
        source: { file: 'ns.yaml', line: 6 },
        code: 'MP1113',
        justification: '',
      },
    ]);
  });

  it('refuses a mapping after an anchor on its line, as YAML does (found by the differential fuzz test)', () => {
    for (const text of [
      'k: &a x: 1\n',
      '-: &a metadata: { name: x }\n',
      '\u00a0: &a   port: 8080\n',
    ])
      expect(parseManifests(text, 'f.yaml')).toEqual(
        parseManifestsPrecisely(text, 'f.yaml'),
      );
    expect(parseManifests('k: &a x: 1\n', 'f.yaml').findings[0].code).toBe(
      'MP0001',
    );
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
      suppressions: [],
    });
  });

  it('reports an alias bomb instead of expanding it or throwing', () => {
    const lines = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: lol }',
      'data:',
      '  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
    ];
    for (let i = 1; i < 9; i++)
      lines.push(
        `  a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const { objects, findings } = parseManifests(lines.join('\n'), 'lol.yaml');
    expect(objects).toEqual([]);
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'MP0001',
        message: expect.stringContaining('alias bomb'),
        source: { file: 'lol.yaml', line: 1 },
      }),
    ]);
  });

  it('reports an alias without an anchor and still returns the other documents', () => {
    const { objects, findings } = parseManifests(
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: *nowhere }\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: b }\n',
      'alias.yaml',
    );
    expect(objects.map(o => o.object.metadata.name)).toEqual(['b']);
    expect(findings.map(f => [f.code, f.message])).toEqual([
      [
        'MP0001',
        'YAML error at line 3: Alias *nowhere has no anchor before it',
      ],
    ]);
  });

  it('refuses an alias inside its own anchor, which would make a cyclic object', () => {
    const { objects, findings } = parseManifests(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata: &loop { self: *loop }\n',
      'cycle.yaml',
    );
    expect(objects).toEqual([]);
    expect(findings.map(f => [f.code, f.message])).toEqual([
      [
        'MP0001',
        'YAML error at line 4: Alias *loop is inside its own anchor, a cycle JSON cannot hold',
      ],
    ]);
  });

  it('refuses keys that collide once they are JSON property names', () => {
    const { findings } = parseManifests(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata:\n  1: one\n  "1": other\n',
      'keys.yaml',
    );
    expect(findings.map(f => f.message)).toEqual([
      'YAML error at line 6: Map keys must be unique: "1"',
    ]);
  });

  it('refuses a key that is a collection, which JSON cannot hold', () => {
    const { objects, findings } = parseManifests(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata:\n  ? [x, y]\n  : 1\n',
      'keys.yaml',
    );
    expect(objects).toEqual([]);
    expect(findings.map(f => f.message)).toEqual([
      'YAML error at line 5: A mapping key is a collection; JSON keys are strings',
    ]);
  });

  it('gives each item of a List its own line', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: Namespace',
      '    metadata: { name: first }',
      '  - 42',
      '  - apiVersion: v1',
      '    kind: Namespace',
      '    metadata: { name: third }',
    ].join('\n');
    const { objects, findings } = parseManifests(text, 'list.yaml');
    expect(objects.map(o => [o.object.metadata.name, o.source!.line])).toEqual([
      ['first', 4],
      ['third', 8],
    ]);
    expect(findings.map(f => f.source!.line)).toEqual([7]);
  });

  it('names metadata.name as missing when it is not a string', () => {
    const { findings } = parseManifests(
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: { a: 1 } }\n',
      'name.yaml',
    );
    expect(findings.map(f => f.message)).toEqual([
      'The document is not a Kubernetes object: metadata.name missing',
    ]);
  });

  it('reads content after a Unicode space on a --- line as the positional parser does (found by the differential fuzz test)', () => {
    for (const space of ['\u00a0', '\u2003', '\u3000', ' \u00a0']) {
      const text = `---${space}     kind: List\n`;
      expect(parseManifests(text, 'f.yaml')).toEqual(
        parseManifestsPrecisely(text, 'f.yaml'),
      );
    }
  });
});
