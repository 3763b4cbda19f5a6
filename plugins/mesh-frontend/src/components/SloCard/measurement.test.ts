import { asBurnRate, asPercent, formatMeasurement } from './measurement';

describe('formatMeasurement', () => {
  it('formats a known value', () => {
    expect(
      formatMeasurement({ state: 'known', value: 0.9995 }, asPercent),
    ).toBe('99.950%');
    expect(formatMeasurement({ state: 'known', value: 14.4 }, asBurnRate)).toBe(
      '14.40×',
    );
  });

  it('says why a value is unknown instead of showing a number', () => {
    const text = formatMeasurement(
      { state: 'unknown', reason: 'no traffic in the window' },
      asPercent,
    );
    expect(text).toBe('unknown (no traffic in the window)');
    expect(text).not.toMatch(/%/);
  });

  it('adds when the last good value was seen', () => {
    const text = formatMeasurement(
      {
        state: 'unknown',
        reason: 'Prometheus unreachable',
        lastGoodAt: '2026-11-22T10:00:00Z',
      },
      asPercent,
    );
    expect(text).toMatch(
      /^unknown \(Prometheus unreachable; last good value .+\)$/,
    );
  });
});
