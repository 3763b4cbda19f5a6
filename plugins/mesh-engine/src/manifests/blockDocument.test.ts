import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseDocument, stringify } from 'yaml';
import { repositoryManifests } from '../__testUtils__/repositoryManifests';
import { readBlockDocument } from './blockDocument';
import { documentChunks } from './documentChunks';

/** The `yaml` library's reading of one document, as the precise parser reads it (YAML 1.2 core schema). */
function yamlReading(text: string): { value: unknown } | 'error' {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) return 'error';
  return { value: document.toJS({ maxAliasCount: -1 }) };
}

/** Whatever the block reader accepts, it reads as the `yaml` library does. */
function expectAgreement(text: string) {
  const read = readBlockDocument(text);
  if (read === undefined) return false;
  const reference = yamlReading(text);
  expect({ text, read: reference === 'error' ? reference : read }).toEqual({
    text,
    read: reference,
  });
  return true;
}

const trickyScalars = [
  'null',
  'Null',
  '~',
  'true',
  'False',
  'yes',
  'on',
  '0x1F',
  '0o17',
  '0b1',
  '017',
  '1_000',
  '1e3',
  '-1.5e-3',
  '.inf',
  '-.Inf',
  '.nan',
  '1.',
  '+1',
  '-',
  '--x',
  '-x',
  'a: b',
  'a #b',
  'a#b',
  'a:b',
  "it's",
  '"q"',
  '',
  ' lead',
  'trail ',
  '*a',
  '&a',
  '!t',
  '%x',
  '@x',
  '`x',
  '[a]',
  '{a}',
  '{}',
  '[]',
  '|',
  '>',
  'a,b',
  '? x',
  ': x',
  '<<',
  'back\\slash',
  '2024-01-01',
  'http://x:80/p?q=1#f',
  '*',
  'registry.invalid/app:1.0',
  // Multi-line: the yaml library writes these as block scalars.
  'line one\nline two',
  'ends with a break\n',
  'two breaks\n\n',
  'blank\n\nbetween\n',
  '  indented first\nthen not\n',
  '# not a comment\n  deeper\n',
  'rate(x[5m])\n  > 0.1\n',
];

const keys = [
  'apiVersion',
  'kind',
  'name',
  'app.kubernetes.io/name',
  '__proto__',
  'constructor',
  'a b',
  'x#y',
  '-x',
  '1',
  'true',
  '~',
  '',
  "it's",
  'a: b',
  'key ',
  '.dockerconfigjson',
  '<<',
];

const scalar = fc.oneof(
  fc.constantFrom(...trickyScalars),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
);

const value = fc.letrec(tie => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    tie('record'),
    tie('list'),
  ),
  record: fc.dictionary(
    fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })),
    tie('node'),
    { maxKeys: 5 },
  ),
  list: fc.array(tie('node'), { maxLength: 4 }),
})).node;

/** A document as a generator or a person writes it: either sequence style, comments, anchors. */
const writtenDocument = fc
  .record({
    root: fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 6 }),
    indent: fc.constantFrom(2, 4),
    indentSeq: fc.boolean(),
    marker: fc.boolean(),
    comment: fc.constantFrom(
      '',
      '  # note',
      ' #',
      '\n# meshpath:ignore MP1105 x',
    ),
  })
  .map(({ root, indent, indentSeq, marker, comment }) => {
    const text = stringify(root, {
      indent,
      indentSeq,
      aliasDuplicateObjects: false,
    });
    return `${marker ? '---\n' : ''}${text}`
      .split('\n')
      .map((line, i) => (i % 3 === 1 ? `${line}${comment}` : line))
      .join('\n');
  });

/** Edits that break or bend YAML: the reader must give up on them or still agree. */
const pieces = [
  ' ',
  '  ',
  '\t',
  '\r',
  '\n',
  '\n  ',
  '- ',
  ': ',
  ':',
  ' #',
  '#',
  '&a ',
  '&a\n',
  '*a',
  '"',
  "'",
  '\\',
  '{',
  '}',
  '[',
  ']',
  '---',
  '...',
  '? ',
  '|',
  '\u00a0',
  '\u2028',
  'x',
];

const edited = fc
  .tuple(
    writtenDocument,
    fc.array(
      fc.tuple(fc.nat(), fc.constantFrom(...pieces), fc.nat({ max: 3 })),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([text, edits]) => {
    let result = text;
    for (const [at, piece, cut] of edits) {
      const p = result.length === 0 ? 0 : at % result.length;
      result = result.slice(0, p) + piece + result.slice(p + cut);
    }
    return result;
  });

const anchored = fc
  .record({
    labels: fc.dictionary(fc.constantFrom('app', 'version', 'tier'), scalar, {
      minKeys: 1,
      maxKeys: 3,
    }),
    aliases: fc.integer({ min: 0, max: 3 }),
    redefine: fc.boolean(),
  })
  .map(({ labels, aliases, redefine }) => {
    const body = stringify(labels)
      .trimEnd()
      .split('\n')
      .map(line => `    ${line}`)
      .join('\n');
    const uses = Array.from(
      { length: aliases },
      (_, i) => `  use${i}: *a1`,
    ).join('\n');
    return [
      'metadata:',
      '  labels: &a1',
      body,
      ...(redefine ? ['  other: &a1 plain'] : []),
      'spec:',
      uses || '  none: {}',
      '  list:',
      '  - *a1',
      '  - &b [ ]',
      '  - *b',
    ].join('\n');
  });

describe('readBlockDocument', () => {
  it('reads written documents exactly as the yaml library does', () => {
    let accepted = 0;
    fc.assert(
      fc.property(writtenDocument, text => {
        if (expectAgreement(text)) accepted++;
      }),
      { numRuns: 3000 },
    );
    // The reader must take most plain documents, or the test proves nothing.
    expect(accepted).toBeGreaterThan(600);
  });

  it('gives up, or still agrees, on edited documents', () => {
    let accepted = 0;
    fc.assert(
      fc.property(edited, text => {
        if (expectAgreement(text)) accepted++;
      }),
      { numRuns: 5000 },
    );
    // Many edits leave valid YAML the reader still takes: those were compared.
    expect(accepted).toBeGreaterThan(100);
  });

  it('copies each alias of an anchored mapping, as the yaml library does', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anchored, text => {
        if (expectAgreement(text)) accepted++;
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(100);
    const read = readBlockDocument('a: &x\n  k: v\nb: *x\nc: *x\n')!
      .value as Record<string, object>;
    expect(read).toEqual({ a: { k: 'v' }, b: { k: 'v' }, c: { k: 'v' } });
    expect(read.b).not.toBe(read.a);
    expect(read.c).not.toBe(read.b);
  });

  it('reads literal block scalars as the yaml library does', () => {
    const bodies = [
      '  a\n  b\n',
      '  a\n\n  b\n\n\n',
      '  a\n    deeper\n  # kept\n',
      '  a\n \n  b\n',
      '\n  a\n',
    ];
    for (const header of ['|', '|-', '| # why', '&s |'])
      for (const body of bodies)
        for (const after of ['', 'next: 1\n', '# end\nnext: 1\n'])
          for (const wrap of [
            (inner: string) => `k: ${header}\n${inner}${after}`,
            (inner: string) =>
              `list:\n- ${header}\n${inner.replace(/^(?=.)/gm, '  ')}${after}`,
            (inner: string) =>
              `m:\n  k: ${header}\n${inner.replace(/^(?=.)/gm, '  ')}${after}`,
          ]) {
            const text = wrap(body);
            expect({ text, accepted: expectAgreement(text) }).toEqual({
              text,
              accepted: true,
            });
          }
  });

  it('gives up on what only the general readers handle', () => {
    for (const text of [
      'a: >\n  text\n', // folded block scalar
      'a: |+\n  text\n\n', // kept block scalar
      'a: |2\n   text\n', // indentation indicator
      'a: [x, y]\n', // flow sequence with content
      'a: "x\\ny"\n', // escape
      'a: b\n  c\n', // multi-line plain scalar
      'a: 1\na: 2\n', // duplicate key
      '1: x\n', // key that is not a string
      'a:\tb\n', // tab
      'a: b\r\n', // CR
      'a: \u00e9\n', // beyond ASCII
      'a: !t x\n', // tag
      '? a\n: b\n', // explicit key
      'a: *missing\n', // alias without anchor
      'a: &x\n  b: *x\n', // alias inside its own anchor
      '<<: {}\n', // merge key
      `${'a:\n'.repeat(1)}${Array.from(
        { length: 70 },
        (_, i) => `${' '.repeat(i + 1)}k:`,
      ).join('\n')}\n`,
    ])
      expect({ text, read: readBlockDocument(text) }).toEqual({
        text,
        read: undefined,
      });
  });

  it('refuses more than a thousand alias copies, as the precise parser bounds them', () => {
    const many = [
      'a: &x',
      ...Array.from({ length: 40 }, (_, i) => `  k${i}: v`),
      ...Array.from({ length: 40 }, (_, i) => `b${i}: *x`),
    ].join('\n');
    expect(readBlockDocument(many)).toBeUndefined();
    const few = [
      'a: &x',
      '  k: v',
      ...Array.from({ length: 40 }, (_, i) => `b${i}: *x`),
    ].join('\n');
    expect(expectAgreement(few)).toBe(true);
  });

  it("reads the repository's own manifests as the yaml library does, and most of them itself", () => {
    const files = repositoryManifests(['examples']);
    let documents = 0;
    let accepted = 0;
    for (const file of files)
      for (const chunk of documentChunks(readFileSync(file, 'utf8'))) {
        documents++;
        if (expectAgreement(chunk.text)) accepted++;
      }
    expect(documents).toBeGreaterThan(50);
    expect(accepted / documents).toBeGreaterThan(0.8);
  });
});
