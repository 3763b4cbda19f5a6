import { literalValues, MAX_PROMQL_LENGTH, readPromql } from './promql';

describe('readPromql', () => {
  it('reads selectors with their matchers, past functions, ranges and by-clauses', () => {
    const reading = readPromql(
      'sum by (destination_workload) (rate(istio_requests_total{reporter="destination",destination_service_name=~"a|b",response_code!~"5.."}[5m])) / sum without (pod) (rate(istio_requests_total{reporter=\'destination\'}[5m] offset 1h))',
    );
    expect(reading.selectors).toEqual([
      {
        metric: 'istio_requests_total',
        matchers: [
          { label: 'reporter', operator: '=', value: 'destination' },
          { label: 'destination_service_name', operator: '=~', value: 'a|b' },
          { label: 'response_code', operator: '!~', value: '5..' },
        ],
      },
      {
        metric: 'istio_requests_total',
        matchers: [{ label: 'reporter', operator: '=', value: 'destination' }],
      },
    ]);
    expect(reading.comparisons).toEqual([]);
  });

  it('reads selectors named by __name__ or a quoted name (Prometheus 3)', () => {
    expect(
      readPromql(
        '{__name__="up", job="a"} + {"my.metric", x!="y"}',
      ).selectors.map(s => s.metric),
    ).toEqual(['up', 'my.metric']);
  });

  it('reads each top-level comparison of an and-chain with its constant threshold', () => {
    const { comparisons } = readPromql(
      'slo:errors:ratio_rate1h{service="a"} > (14.4 * (1 - 0.9)) and slo:errors:ratio_rate5m{service="a"} > 1.44',
    );
    expect(comparisons.map(c => [c.operator, c.threshold, c.ratio])).toEqual([
      ['>', 14.4 * (1 - 0.9), true],
      ['>', 1.44, true],
    ]);
    expect(comparisons[0].thresholdText).toBe('( 14.4 * ( 1 - 0.9 ) )');
  });

  it('mirrors a comparison written with the threshold first', () => {
    const [comparison] = readPromql('1.5 < x:ratio_rate1h').comparisons;
    expect([comparison.operator, comparison.threshold]).toEqual(['>', 1.5]);
  });

  it('calls a side a ratio only when it cannot exceed 1 by its form', () => {
    const ratio = (expr: string) => readPromql(expr).comparisons[0]?.ratio;
    expect(ratio('max(a:ratio_rate1h) > 2')).toBe(true);
    expect(
      ratio(
        'sum(rate(istio_requests_total{response_code=~"5.."}[1h])) / sum(rate(istio_requests_total[1h])) > 1.44',
      ),
    ).toBe(true);
    // Scaled to percent, summed, or a quotient of different metrics: not bounded by 1.
    expect(ratio('100 * a:ratio_rate1h > 2')).toBe(false);
    expect(ratio('sum(a:ratio_rate1h) > 2')).toBe(false);
    expect(ratio('a_total / b_total > 2')).toBe(false);
    expect(ratio('a:ratio_rate1h / b:ratio_rate1h > 2')).toBe(false);
    expect(ratio('requests:rate5m > 2')).toBe(false);
  });

  it('takes != inside braces as a matcher and at the top level as a comparison', () => {
    const reading = readPromql('a{b!="c"} != 0');
    expect(reading.selectors[0].matchers[0].operator).toBe('!=');
    expect(reading.comparisons.map(c => c.operator)).toEqual(['!=']);
  });

  it('keeps Flagger placeholders inside values and skips ranges written with them', () => {
    const reading = readPromql(
      'rate(istio_requests_total{destination_workload=~"{{ target }}"}[{{ interval }}])',
    );
    expect(reading.selectors[0].matchers[0].value).toBe('{{ target }}');
  });
  it('reads escaped quotes in values and skips comparisons when asked to', () => {
    const reading = readPromql('a{b="x\\"y",c=\'z\'} > 2', {
      comparisons: false,
    });
    expect(reading.selectors[0].matchers.map(m => m.value)).toEqual([
      'x"y',
      'z',
    ]);
    expect(reading.comparisons).toEqual([]);
    expect(readPromql('a{b="x\\"y"} > 2').comparisons).toHaveLength(1);
  });
});

describe('readPromql on hostile input', () => {
  it('refuses an expression over the length cap with a reason', () => {
    const reading = readPromql('a{'.repeat(MAX_PROMQL_LENGTH));
    expect(reading.selectors).toEqual([]);
    expect(reading.problem).toContain(`only ${MAX_PROMQL_LENGTH} are read`);
  });

  it('reports an unterminated string instead of reading past it', () => {
    expect(readPromql('a{b="c} > 1').problem).toBe('unterminated string at 4');
  });

  it('reads deep nesting, unbalanced brackets and non-strings without throwing', () => {
    const near = MAX_PROMQL_LENGTH / 2 - 10;
    for (const expr of [
      `${'('.repeat(near)}1${')'.repeat(near)} > x:ratio`,
      `${'-'.repeat(MAX_PROMQL_LENGTH - 20)}1 < x:ratio`,
      '))))}}}}a{{{{b',
      'a{b=~}',
      '{',
      '[',
      'by (',
      '"'.repeat(MAX_PROMQL_LENGTH),
      `"${'\\\\'.repeat(MAX_PROMQL_LENGTH / 2 - 1)}`,
      42,
      undefined,
      { expr: 'x' },
    ]) {
      expect(() => readPromql(expr)).not.toThrow();
    }
    // Past the nesting cap the threshold is not a constant: no comparison, not a wrong one.
    expect(
      readPromql(`${'('.repeat(near)}1${')'.repeat(near)} > x:ratio`)
        .comparisons,
    ).toEqual([]);
  });

  it('survives random expressions from PromQL characters (seeded fuzz)', () => {
    const alphabet = 'ab_:{}()[]"\'`\\=~!<>+-*/ 0123456789.e#\n|byand';
    let seed = 1;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let run = 0; run < 2000; run++) {
      let expr = '';
      const length = Math.floor(random() * 120);
      for (let i = 0; i < length; i++)
        expr += alphabet[Math.floor(random() * alphabet.length)];
      const reading = readPromql(expr);
      for (const comparison of reading.comparisons)
        expect(Number.isFinite(comparison.threshold)).toBe(true);
    }
  });
});

describe('literalValues', () => {
  it('expands an equality and a regex of literal alternatives, nothing else', () => {
    expect(literalValues({ label: 'l', operator: '=', value: 'a' })).toEqual([
      'a',
    ]);
    expect(
      literalValues({ label: 'l', operator: '=~', value: 'a|a-primary|a\\.b' }),
    ).toEqual(['a', 'a-primary', 'a.b']);
    expect(
      literalValues({ label: 'l', operator: '=~', value: 'a.*' }),
    ).toBeUndefined();
    expect(
      literalValues({ label: 'l', operator: '!=', value: 'a' }),
    ).toBeUndefined();
  });
});
