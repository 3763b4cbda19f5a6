import { isoDuration, timeToExhaustion } from './burnRates';

const known = (value: number) => ({ state: 'known', value } as const);
const unknown = (reason: string) => ({ state: 'unknown', reason } as const);

describe('timeToExhaustion', () => {
  it('projects the budget left over the SLO window at the 1h burn rate', () => {
    // Half the budget left, burning at 2x: 0.5 × 28 days / 2 = 7 days.
    expect(timeToExhaustion(known(0.5), known(2), 28)).toEqual({
      state: 'known',
      hours: 168,
      duration: 'P7D',
      burnRateWindow: '1h',
    });
    // A quarter left, burning at 14.4x over 30 days: 0.25 × 720 h / 14.4 = 12.5 h.
    expect(timeToExhaustion(known(0.25), known(14.4), 30)).toMatchObject({
      hours: 12.5,
      duration: 'PT12H30M',
    });
  });

  it('says the budget is spent (0 hours) whatever the burn rate, once nothing is left', () => {
    for (const burn of [known(0), known(3), unknown('no traffic')]) {
      expect(timeToExhaustion(known(-0.2), burn, 28)).toEqual({
        state: 'known',
        hours: 0,
        duration: 'PT0S',
        burnRateWindow: '1h',
      });
    }
  });

  it('says never when nothing is burning, and unknown with the reason when either value is', () => {
    expect(timeToExhaustion(known(0.9), known(0), 28)).toEqual({
      state: 'never',
      reason: expect.stringMatching(/No failed request over the last 1h/),
    });
    expect(
      timeToExhaustion(unknown('Prometheus is unreachable'), known(1), 28),
    ).toEqual({ state: 'unknown', reason: 'Prometheus is unreachable' });
    expect(
      timeToExhaustion(known(0.9), unknown('No traffic to x over 1h'), 28),
    ).toEqual({ state: 'unknown', reason: 'No traffic to x over 1h' });
  });
});

describe('isoDuration', () => {
  it('writes whole minutes as an ISO 8601 duration', () => {
    expect(isoDuration(0)).toBe('PT0S');
    expect(isoDuration(0.5)).toBe('PT30M');
    expect(isoDuration(26.25)).toBe('P1DT2H15M');
    expect(isoDuration(48)).toBe('P2D');
    expect(isoDuration(1 / 120)).toBe('PT1M');
  });
});
