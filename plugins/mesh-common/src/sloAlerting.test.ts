import {
  BURN_RATE_ALERT_CONDITIONS,
  burnRateAlertsCannotFire,
  burnRateFactor,
  burnRateThreshold,
} from './sloAlerting';

describe('burn-rate alert conditions', () => {
  it("give the SRE workbook's factors for 30 days and scale them to 28", () => {
    const factors = (days: number) =>
      BURN_RATE_ALERT_CONDITIONS.map(c => burnRateFactor(c, days));
    expect(factors(30)).toEqual([14.4, 6, 3, 1]);
    expect(factors(28)).toEqual([13.44, 5.6, 2.8, 0.933333]);
  });

  it('compute thresholds from unrounded factors', () => {
    const [, , , slowTicket] = BURN_RATE_ALERT_CONDITIONS;
    expect(burnRateThreshold(slowTicket, 28, 99.5)).toBe(0.00466667);
  });

  it('refuse a target whose page threshold reaches an error ratio of 1, and accept one just above', () => {
    // 30 days: 14.4 × (1 − 0.93) = 1.008; the lowest target that can page is 93.06 %.
    expect(burnRateAlertsCannotFire(93, 30)).toMatch(
      /a 93 % target over 30 days cannot page: its 1h\/5m page alert fires above an error ratio of 14\.4 × 0\.07 = 1\.008, and no error ratio exceeds 1; use a target above 93\.06 %/,
    );
    expect(burnRateAlertsCannotFire(93.1, 30)).toBeUndefined();
    // 28 days: 13.44 × 0.07 = 0.9408 can still fire.
    expect(burnRateAlertsCannotFire(93, 28)).toBeUndefined();
    expect(burnRateAlertsCannotFire(90, 28)).toMatch(/13\.44 × 0\.1 = 1\.344/);
  });
});
