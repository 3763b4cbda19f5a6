import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/config';
import { readGoldenPaths } from './readGoldenPaths';

const presetWith = (slo: JsonObject) =>
  new ConfigReader({
    mesh: { goldenPaths: { 'back-office': { defaults: { slo } } } },
  });

describe('SLO defaults of a golden path, checked when the config is read', () => {
  it('refuses a latency target whose page alert could never fire, with the reason', () => {
    // 90 % over 28 days: 13.44 × 0.1 = 1.344, an error ratio nothing reaches.
    expect(() =>
      readGoldenPaths(
        presetWith({
          availability: 99,
          latencyPercentile: 90,
          latencyThresholdMs: 1000,
          windowDays: 28,
        }),
      ),
    ).toThrow(
      /mesh\.goldenPaths\.back-office\.defaults\.slo\.latencyPercentile: a 90 % target over 28 days cannot page/,
    );
  });

  it('refuses an availability target below what a 30-day page can catch', () => {
    expect(() =>
      readGoldenPaths(presetWith({ availability: 93, windowDays: 30 })),
    ).toThrow(
      /slo\.availability: a 93 % target over 30 days cannot page.*use a target above 93\.06 %/,
    );
  });

  it('refuses a latency threshold off the histogram buckets', () => {
    expect(() =>
      readGoldenPaths(presetWith({ latencyThresholdMs: 300 })),
    ).toThrow(/slo\.latencyThresholdMs: 300 ms is not a bucket edge/);
  });

  it('accepts targets whose alerts can fire (near miss: 95 % over 28 days pages at 0.672)', () => {
    expect(
      readGoldenPaths(
        presetWith({
          availability: 99,
          latencyPercentile: 95,
          latencyThresholdMs: 1000,
        }),
      )['back-office'].defaults.slo,
    ).toMatchObject({ latencyPercentile: 95 });
  });
});
