import { prometheusDurationSeconds, windowCoverage } from './retention';

describe("Prometheus' retention against an SLO window", () => {
  it('reads Prometheus durations, and nothing else', () => {
    expect(prometheusDurationSeconds('15d')).toBe(15 * 86400);
    expect(prometheusDurationSeconds('1d12h')).toBe(36 * 3600);
    expect(prometheusDurationSeconds('100y')).toBe(100 * 365 * 86400);
    expect(prometheusDurationSeconds('10GiB')).toBeUndefined();
    expect(prometheusDurationSeconds('15 days')).toBeUndefined();
  });

  it("says what kube-prometheus' 24h default and the chart's 10d cover of a 28-day window", () => {
    expect(windowCoverage('1d', 28)).toMatchObject({
      state: 'partial',
      coveredDays: 1,
      reason: expect.stringMatching(
        /covers only the last 1 day of its 28-day window/,
      ),
    });
    expect(windowCoverage('10d', 28)).toMatchObject({
      state: 'partial',
      coveredDays: 10,
    });
    expect(windowCoverage('30d or 50GiB', 28)).toEqual({
      state: 'complete',
      retention: '30d or 50GiB',
    });
    expect(windowCoverage('28d', 30)).toMatchObject({
      state: 'partial',
      coveredDays: 28,
    });
  });

  it('says a size-only retention cannot tell the days it keeps', () => {
    expect(windowCoverage('50GiB', 28)).toEqual({
      state: 'unknown',
      reason: expect.stringMatching(
        /limits its storage by size only \(50GiB\)/,
      ),
    });
  });
});
