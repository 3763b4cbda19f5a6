import fc from 'fast-check';
import { SarifResult, sarifResultsJson } from './sarifResultsJson';

const location = fc.record({
  physicalLocation: fc.record({
    artifactLocation: fc.record({ uri: fc.string({ unit: 'binary' }) }),
    region: fc.record({ startLine: fc.integer({ min: 1 }) }),
  }),
});

const result: fc.Arbitrary<SarifResult> = fc.record(
  {
    ruleId: fc.string(),
    ruleIndex: fc.nat(),
    level: fc.constantFrom('error', 'warning', 'note'),
    message: fc.record({ text: fc.string({ unit: 'binary' }) }),
    locations: fc.array(location, { maxLength: 2 }),
    partialFingerprints: fc.record({
      'meshpathFinding/v1': fc.string(),
    }),
    suppressions: fc.array(
      fc.record({
        kind: fc.constant('inSource'),
        justification: fc.string({ unit: 'binary' }),
      }),
      { maxLength: 2 },
    ),
  },
  {
    requiredKeys: [
      'ruleId',
      'ruleIndex',
      'level',
      'message',
      'locations',
      'partialFingerprints',
    ],
  },
);

/** The results inside a log as formatSarif nests them, written by JSON.stringify. */
const generic = (results: SarifResult[]) => {
  const text = JSON.stringify({ runs: [{ results }] }, null, 2);
  return text.slice(
    text.indexOf('"results": ') + '"results": '.length,
    -'\n    }\n  ]\n}'.length,
  );
};

describe('sarifResultsJson', () => {
  it('writes the bytes JSON.stringify writes, for any results', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 4 }), results => {
        expect(sarifResultsJson(results, '      ')).toBe(generic(results));
      }),
      { numRuns: 300 },
    );
  });

  it('writes quotes, line breaks and control characters escaped', () => {
    const tricky: SarifResult = {
      ruleId: 'MP0001',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'a "quoted"\nline\u0001 \u2028 \\ end' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'dir/"odd"\tname.yaml' },
            region: { startLine: 7 },
          },
        },
      ],
      partialFingerprints: { 'meshpathFinding/v1': 'abc' },
      suppressions: [{ kind: 'inSource', justification: 'why\r\nnot' }],
    };
    expect(sarifResultsJson([tricky], '      ')).toBe(generic([tricky]));
    expect(JSON.parse(sarifResultsJson([tricky], ''))).toEqual([tricky]);
  });
});
