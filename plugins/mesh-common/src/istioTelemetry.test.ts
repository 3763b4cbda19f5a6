import {
  DEFAULT_GRPC_FAILURE_CODES,
  grpcFailureRegex,
  requestReporter,
  serviceWorkloads,
  sliRates,
  workloadMatchers,
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

describe('Istio SLI selectors', () => {
  it('select the server side by workload and namespace, the Flagger primary included, escaped for PromQL', () => {
    expect(
      workloadMatchers({
        reporter: 'destination',
        namespace: 'shop',
        workloads: serviceWorkloads('payments.v2'),
      }),
    ).toBe(
      'reporter="destination",destination_workload=~"payments\\\\.v2|payments\\\\.v2-primary",destination_workload_namespace="shop"',
    );
  });

  it('take the reporter from the dataplane: a waypoint in ambient mode', () => {
    expect(requestReporter('sidecar')).toBe('destination');
    expect(requestReporter('ambient')).toBe('waypoint');
  });

  it('count HTTP 5xx and the server-fault gRPC codes only', () => {
    const [http, grpc] = sliRates.failures(
      'reporter="destination"',
      '5m',
      DEFAULT_GRPC_FAILURE_CODES,
    );
    expect(http).toBe(
      'rate(istio_requests_total{reporter="destination",response_code=~"5.."}[5m])',
    );
    expect(grpc).toBe(
      'rate(istio_requests_total{reporter="destination",response_code!~"5..",grpc_response_status=~"2|4|12|13|14|15"}[5m])',
    );
    expect(grpcFailureRegex([])).toBe('-1');
  });
});
