import { asBurnRate, asPercent, durationParts } from './measurement';

describe('measurement formats', () => {
  it('shows ratios with enough digits for SLO targets', () => {
    expect(asPercent(0.9995)).toBe('99.950%');
  });

  it('shows burn rates as factors', () => {
    expect(asBurnRate(14.4)).toBe('14.40×');
  });

  it('splits a time to exhaustion into the two units that matter', () => {
    expect(durationParts(0.5)).toEqual({ unit: 'minutes', minutes: 30 });
    expect(durationParts(20 + 22 / 60)).toEqual({
      unit: 'hours',
      hours: 20,
      minutes: 22,
    });
    expect(durationParts(3712 * 24 + 6)).toEqual({ unit: 'overAYear' });
    expect(durationParts(154 * 24 + 12.4)).toEqual({
      unit: 'days',
      days: 154,
      hours: 12,
    });
  });
});
