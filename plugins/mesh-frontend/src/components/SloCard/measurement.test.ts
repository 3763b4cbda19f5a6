import { asBurnRate, asPercent } from './measurement';

describe('measurement formats', () => {
  it('shows ratios with enough digits for SLO targets', () => {
    expect(asPercent(0.9995)).toBe('99.950%');
  });

  it('shows burn rates as factors', () => {
    expect(asBurnRate(14.4)).toBe('14.40×');
  });
});
