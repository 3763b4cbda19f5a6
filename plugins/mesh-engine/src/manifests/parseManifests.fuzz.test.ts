import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { repositoryManifests } from '../__testUtils__/repositoryManifests';
import {
  ParsedManifests,
  parseManifests,
  parseManifestsPrecisely,
} from './parseManifests';

/** Pieces of text that mean something to YAML or to JavaScript objects. */
const yamlPieces = [
  '---',
  '...',
  '--- ',
  '&a ',
  '*a',
  '&b [*a, *a]',
  '<<: *a',
  '!!binary ',
  '!!str ',
  '!custom ',
  '%YAML 1.1\n',
  '%TAG ! tag:x,2000:\n',
  '"',
  "'",
  '\\',
  ':',
  ': ',
  ' #',
  '- ',
  '? ',
  '|',
  '>-',
  '{',
  '}',
  '[',
  ']',
  ',',
  '\n',
  '\n  ',
  '\r\n',
  '\r',
  '\t',
  '\0',
  '\u0085',
  '\u2028',
  '\ufeff',
  '\ud800',
  '__proto__',
  'constructor',
  'prototype',
  'apiVersion: v1\n',
  'kind: List\n',
  'kind: Namespace\n',
  'metadata: { name: x }\n',
  'items:\n',
  'name',
  'null',
  '~',
  'yes',
  '0x1F',
  '1e999',
  '.nan',
];

const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...yamlPieces),
      fc.string({ unit: 'binary', maxLength: 8 }),
    ),
    { maxLength: 40 },
  )
  .map(pieces => pieces.join(''));

/** Any string, printable or not, valid UTF-16 or not. */
const hostileValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc
    .array(fc.constantFrom(...yamlPieces), { maxLength: 12 })
    .map(pieces => pieces.join('')),
);

/**
 * A parse without the line a YAML error message names: where the parser gives
 * up on a quote left open can be the document's end or the next `---`.
 */
const comparable = (parsed: ParsedManifests) => ({
  ...parsed,
  findings: parsed.findings.map(f =>
    f.code === 'MP0001'
      ? { ...f, message: f.message.replace(/^YAML error at line \d+/, '') }
      : f,
  ),
});

const lineCount = (text: string) => text.split(/\r\n|\r|\n/).length;

describe('parseManifests on hostile input', () => {
  it('never throws, and every finding has the file and a line inside the text', () => {
    fc.assert(
      fc.property(hostileText, text => {
        const { objects, findings } = parseManifests(text, 'hostile.yaml');
        for (const { code, message, source } of findings) {
          expect(['MP0001', 'MP0002']).toContain(code);
          expect(message).not.toMatch(/[\r\n]/);
          expect(source!.file).toBe('hostile.yaml');
          expect(source!.line).toBeGreaterThanOrEqual(1);
          expect(source!.line).toBeLessThanOrEqual(lineCount(text));
        }
        for (const { object, source } of objects) {
          expect(source!.line).toBeLessThanOrEqual(lineCount(text));
          // JSON, as the API server would store it: no cycles, nothing that is not data.
          expect(() => JSON.stringify(object)).not.toThrow();
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads every text exactly as the positional parser does: values, lines, findings, suppressions', () => {
    const document = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            ...yamlPieces,
            'metadata:\n  name: x\n',
            'spec:\n  hosts:\n  - a\n  - "b"\n',
            '  port: 8080\n',
            '# meshpath:ignore MP1105 merged\n',
            'k: |\n  text\n',
          ),
          fc.string({ unit: 'binary', maxLength: 8 }),
        ),
        { maxLength: 20 },
      )
      .map(pieces => pieces.join(''));
    fc.assert(
      fc.property(fc.array(document, { maxLength: 4 }), documents => {
        const text = documents.join('\n---\n');
        expect(comparable(parseManifests(text, 'f.yaml'))).toEqual(
          comparable(parseManifestsPrecisely(text, 'f.yaml')),
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('resolves plain scalars as the yaml library does (YAML 1.2 core schema: no yes/no, no 0b, no timestamps)', () => {
    const scalars = [
      ...[
        '010',
        '0o10',
        '0o8',
        '0x1F',
        '0xG',
        '-0x1F',
        '+0x1F',
        '0b101',
        '1_000',
      ],
      ...['+12', '-0', '00', '09', '123456789012345678901234567890', '1:20'],
      ...[
        '.5',
        '+.5',
        '0.',
        '1.',
        '1e3',
        '1E3',
        '1e+3',
        '-1e-3',
        '12e',
        '1e999',
      ],
      ...[
        '.inf',
        '-.Inf',
        '+.inf',
        '.INF',
        '.nan',
        '.NaN',
        '.NAN',
        'nan',
        'inf',
      ],
      ...[
        '',
        '~',
        '~~',
        'null',
        'Null',
        'NULL',
        'nUll',
        'n',
        'yes',
        'Yes',
        'on',
      ],
      ...['true', 'True', 'TRUE', 'tRue', 'false', 'fAlse', 't', 'f'],
      ...['2024-01-01', '-', '+', '.', '"x"', "'y'"],
    ];
    for (const scalar of scalars) {
      const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\nk: ${scalar}\nl: [${scalar}]\n`;
      expect({ scalar, parsed: parseManifests(text, 'f.yaml') }).toEqual({
        scalar,
        parsed: parseManifestsPrecisely(text, 'f.yaml'),
      });
    }
  });

  it("reads the repository's own manifests exactly as the positional parser does", () => {
    const files = repositoryManifests(['examples', 'templates', 'plugins']);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect({ file, parsed: parseManifests(text, file) }).toEqual({
        file,
        parsed: parseManifestsPrecisely(text, file),
      });
    }
  });

  it('reads a quoted hostile value back exactly, without injecting documents or keys', () => {
    fc.assert(
      fc.property(hostileValue, hostileValue, (name, note) => {
        // JSON strings are YAML 1.2 flow scalars: what a careful generator writes.
        const text = [
          'apiVersion: v1',
          'kind: ConfigMap',
          `metadata: { name: ${JSON.stringify(name || 'x')} }`,
          `data: { note: ${JSON.stringify(note)} }`,
          '---',
          'apiVersion: v1',
          'kind: Namespace',
          'metadata: { name: after }',
        ].join('\n');
        const { objects, findings } = parseManifests(text, 'quoted.yaml');
        expect(findings).toEqual([]);
        expect(
          objects.map(o => [o.object.metadata.name, o.source!.line]),
        ).toEqual([
          [name || 'x', 1],
          ['after', 6],
        ]);
        expect(objects[0].object.data).toEqual({ note });
      }),
      { numRuns: 1000 },
    );
  });

  it('maps each object back to the line its document starts on', () => {
    const document = fc.record({
      before: fc.array(fc.constantFrom('', '# comment', '   ', '#---'), {
        maxLength: 4,
      }),
      broken: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(document, { minLength: 1, maxLength: 8 }), docs => {
        const lines: string[] = [];
        const expected: Array<[string, number]> = [];
        docs.forEach(({ before, broken }, index) => {
          if (index > 0) lines.push('---');
          lines.push(...before);
          expected.push([broken ? 'MP0001' : `ns${index}`, lines.length + 1]);
          lines.push(
            'apiVersion: v1',
            'kind: Namespace',
            broken ? 'metadata: { name: [ }' : `metadata: { name: ns${index} }`,
          );
        });
        const { objects, findings } = parseManifests(lines.join('\n'), 'f');
        const actual = [
          ...objects.map(o => [o.object.metadata.name, o.source!.line]),
          ...findings.map(f => [f.code, f.source!.line]),
        ].sort((a, b) => (a[1] as number) - (b[1] as number));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses alias bombs and expands small aliased documents exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 2, max: 12 }),
        (width, depth) => {
          const values = width ** depth;
          fc.pre(values < 500 || values > 10_000);
          const lines = [
            'apiVersion: v1',
            'kind: ConfigMap',
            'metadata: { name: lol }',
            `a0: &a0 [${Array(width).fill('lol').join(', ')}]`,
          ];
          for (let i = 1; i < depth; i++)
            lines.push(
              `a${i}: &a${i} [${Array(width)
                .fill(`*a${i - 1}`)
                .join(', ')}]`,
            );
          const { objects, findings } = parseManifests(
            lines.join('\n'),
            'lol.yaml',
          );
          const expanded = objects.map(
            o => (o.object[`a${depth - 1}`] as unknown[]).flat(Infinity).length,
          );
          const bomb = expect.stringContaining('refused as an alias bomb');
          expect({ messages: findings.map(f => f.message), expanded }).toEqual(
            values > 10_000
              ? {
                  messages: [bomb],
                  expanded: [],
                }
              : { messages: [], expanded: [values] },
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps __proto__ and constructor keys as data and pollutes no prototype', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'),
        hostileValue,
        (key, value) => {
          const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, ${key}: { polluted: true } }\n${key}: { polluted: ${JSON.stringify(
            value,
          )} }\n`;
          const { objects } = parseManifests(text, 'proto.yaml');
          const object = objects[0].object as Record<string, any>;
          expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
          expect(Object.getPrototypeOf(object.metadata)).toBe(Object.prototype);
          expect(Object.getOwnPropertyDescriptor(object, key)?.value).toEqual({
            polluted: value,
          });
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('parses large inputs: a long scalar, wide mappings, many anchors, many documents', () => {
    const long = 'x'.repeat(2_000_000);
    const wide = Array.from({ length: 50_000 }, (_, i) => `k${i}: v`).join(
      ', ',
    );
    const anchors = Array.from(
      { length: 20_000 },
      (_, i) => `a${i}: &a${i} v, b${i}: *a${i}`,
    ).join(', ');
    const many = Array(5_000)
      .fill('apiVersion: v1\nkind: Namespace\nmetadata: { name: n }\n')
      .join('---\n');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: big }\ndata: { long: ${long}, ${wide}, ${anchors} }\n---\n${many}`;
    const { objects, findings } = parseManifests(text, 'big.yaml');
    expect(findings).toEqual([]);
    expect(objects).toHaveLength(5_001);
    const data = objects[0].object.data as Record<string, string>;
    expect(data.long).toHaveLength(2_000_000);
    expect(Object.keys(data)).toHaveLength(90_001);
  });
});
