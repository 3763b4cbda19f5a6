import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/config';
import { DEFAULT_SLO_OPTIONS, readSloOptions } from './sloOptions';

const read = (slo: JsonObject) =>
  readSloOptions(new ConfigReader({ mesh: { slo } }));

describe('readSloOptions', () => {
  it("defaults to server-fault gRPC codes and kube-prometheus' critical and warning", () => {
    expect(readSloOptions(new ConfigReader({}))).toEqual(DEFAULT_SLO_OPTIONS);
    expect(DEFAULT_SLO_OPTIONS.grpcFailureCodes).toEqual([
      'UNKNOWN',
      'DEADLINE_EXCEEDED',
      'UNIMPLEMENTED',
      'INTERNAL',
      'UNAVAILABLE',
      'DATA_LOSS',
    ]);
    expect(DEFAULT_SLO_OPTIONS.alertSeverities).toEqual({
      page: 'critical',
      ticket: 'warning',
    });
  });

  it('reads the configured codes, severities and Flagger address', () => {
    expect(
      read({
        grpcFailureCodes: ['UNAVAILABLE', 'RESOURCE_EXHAUSTED'],
        alertSeverities: { page: 'page' },
        flaggerPrometheusUrl: 'http://prometheus.monitoring:9090',
      }),
    ).toEqual({
      grpcFailureCodes: ['UNAVAILABLE', 'RESOURCE_EXHAUSTED'],
      alertSeverities: { page: 'page', ticket: 'warning' },
      flaggerPrometheusUrl: 'http://prometheus.monitoring:9090',
    });
  });

  it('refuses what would break the rules: unknown codes, OK, quoting severities, odd addresses', () => {
    expect(() => read({ grpcFailureCodes: ['UNAVAILBLE'] })).toThrow(
      'mesh.slo.grpcFailureCodes: UNAVAILBLE is not a gRPC failure code',
    );
    expect(() => read({ grpcFailureCodes: ['OK'] })).toThrow(/OK is not/);
    expect(() => read({ grpcFailureCodes: ['toString'] })).toThrow(
      /toString is not/,
    );
    expect(() =>
      read({ alertSeverities: { ticket: 'x"} or vector(1)' } }),
    ).toThrow(/alertSeverities\.ticket must be a plain label value/);
    expect(() => read({ flaggerPrometheusUrl: 'file:///etc/passwd' })).toThrow(
      /must be an http\(s\) URL/,
    );
  });
});
