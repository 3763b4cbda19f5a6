import {
  ISTIO_DURATION_BUCKETS_MS,
  bucketLabelValues,
  bucketMatcher,
  isIstioDurationBucket,
} from './istioTelemetry';

describe('Istio request-duration buckets', () => {
  it("gives each edge's le value as Envoy writes it and as Prometheus 3 normalises it", () => {
    // Prometheus 3's values are those of Go's FormatOpenMetricsFloat (strconv 'g', -1, plus ".0").
    expect(ISTIO_DURATION_BUCKETS_MS.map(bucketLabelValues)).toEqual([
      ['0.5'],
      ['1', '1.0'],
      ['5', '5.0'],
      ['10', '10.0'],
      ['25', '25.0'],
      ['50', '50.0'],
      ['100', '100.0'],
      ['250', '250.0'],
      ['500', '500.0'],
      ['1000', '1000.0'],
      ['2500', '2500.0'],
      ['5000', '5000.0'],
      ['10000', '10000.0'],
      ['30000', '30000.0'],
      ['60000', '60000.0'],
      ['300000', '300000.0'],
      ['600000', '600000.0'],
      ['1800000', '1.8e+06'],
      ['3600000', '3.6e+06'],
    ]);
  });

  it('matches both forms exactly, with regex metacharacters escaped for PromQL', () => {
    expect(bucketMatcher(250)).toBe('le=~"250|250\\\\.0"');
    expect(bucketMatcher(0.5)).toBe('le=~"0\\\\.5"');
    expect(bucketMatcher(1800000)).toBe('le=~"1800000|1\\\\.8e\\\\+06"');
  });

  it('knows the edges and nothing else', () => {
    expect(isIstioDurationBucket(250)).toBe(true);
    expect(isIstioDurationBucket(300)).toBe(false);
    expect(isIstioDurationBucket(Number.NaN)).toBe(false);
  });
});
