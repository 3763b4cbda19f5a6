import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { repositoryGoldenPaths } from '../__testUtils__/workspace';
import { resolveSpec } from '../goldenPaths/resolveSpec';
import { sloRules } from './slo';

const promtool = process.env.MESHPATH_PROMTOOL_BIN || 'promtool';

function runPromtool(files: Record<string, unknown>, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'meshpath-rules-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), stringify(content));
  }
  const result = spawnSync(promtool, args, { cwd: dir, encoding: 'utf8' });
  expect(result.error).toBeUndefined();
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('sloRules', () => {
  // tier-1: 99.9% availability, 99% of requests under 250 ms, over 30 days.
  const spec = resolveSpec(
    {
      name: 'payments',
      namespace: 'payments',
      ports: [{ port: 8080, protocol: 'http' }],
    },
    repositoryGoldenPaths()['tier-1'],
  );
  const rule = sloRules(spec) as any;
  const rules = { groups: rule.spec.groups };
  const own = 'service="payments",namespace="payments",meshpath_rules="slo-v2"';

  it('passes promtool check rules (real PromQL parsing)', () => {
    const result = runPromtool({ 'rules.yaml': rules }, [
      'check',
      'rules',
      'rules.yaml',
    ]);
    // 6 recording rules for each of 7 windows, 2 objectives, 8 alerts.
    expect(result.output).toContain('SUCCESS: 52 rules found');
    expect(result.status).toBe(0);
  });

  it('records rates and ratios, counts gRPC failures and Prometheus 3 buckets, and alerts, in promtool test rules', () => {
    const istio = (name: string, labels: string) =>
      `${name}{reporter="destination",destination_service_name="payments",destination_service_namespace="payments"${labels}}`;
    // Per minute: 600 requests, 6 HTTP 503s, 6 gRPC UNAVAILABLE behind HTTP 200; 570 at or under 250 ms.
    const series = [
      [
        istio(
          'istio_requests_total',
          ',response_code="200",grpc_response_status="0"',
        ),
        '0+588x90',
      ],
      [
        istio(
          'istio_requests_total',
          ',response_code="503",grpc_response_status=""',
        ),
        '0+6x90',
      ],
      [
        istio(
          'istio_requests_total',
          ',response_code="200",grpc_response_status="14"',
        ),
        '0+6x90',
      ],
      // The client side's report must not count.
      [
        `istio_requests_total{reporter="source",destination_service_name="payments",destination_service_namespace="payments",response_code="503"}`,
        '0+600x90',
      ],
      // Prometheus 3 writes le="250" as "250.0".
      [
        istio('istio_request_duration_milliseconds_bucket', ',le="100.0"'),
        '0+300x90',
      ],
      [
        istio('istio_request_duration_milliseconds_bucket', ',le="250.0"'),
        '0+570x90',
      ],
      [
        istio('istio_request_duration_milliseconds_bucket', ',le="+Inf"'),
        '0+600x90',
      ],
      [istio('istio_request_duration_milliseconds_count', ''), '0+600x90'],
    ].map(([s, values]) => ({ series: s, values }));

    const sample = (name: string, labels: string, value: number) => ({
      expr: `${name}{${own}${labels}}`,
      eval_time: '90m',
      exp_samples: [{ labels: `${name}{${own}${labels}}`, value }],
    });
    const alert = (
      kind: string,
      severity: string,
      long: string,
      short: string,
      factor: number,
    ) => ({
      exp_labels: {
        service: 'payments',
        namespace: 'payments',
        meshpath_rules: 'slo-v2',
        severity,
        long_window: long,
        short_window: short,
      },
      exp_annotations: {
        summary: `payments burns its ${kind} error budget ${factor}x too fast (over ${long} and ${short})`,
      },
    });
    const tests = {
      rule_files: ['rules.yaml'],
      evaluation_interval: '30s',
      tests: [
        {
          interval: '1m',
          input_series: series,
          promql_expr_test: [
            sample('meshpath:slo_requests:rate5m', '', 10),
            sample('meshpath:slo_availability_errors:rate5m', '', 0.2),
            sample('meshpath:slo_availability_errors:ratio_rate5m', '', 0.02),
            sample('meshpath:slo_availability_errors:ratio_rate1h', '', 0.02),
            sample('meshpath:slo_latency_requests:rate5m', '', 10),
            sample(
              'meshpath:slo_latency_fast:rate5m',
              ',threshold_ms="250"',
              9.5,
            ),
            sample(
              'meshpath:slo_latency_errors:ratio_rate5m',
              ',threshold_ms="250"',
              1 - 9.5 / 10,
            ),
            sample(
              'meshpath:slo_latency_errors:ratio_rate1h',
              ',threshold_ms="250"',
              1 - 9.5 / 10,
            ),
          ],
          alert_rule_test: [
            {
              alertname: 'AvailabilityErrorBudgetBurn',
              eval_time: '90m',
              // 2% errors against a 0.1% budget: a 20x burn fires every condition.
              exp_alerts: [
                alert('availability', 'page', '1h', '5m', 14.4),
                alert('availability', 'page', '6h', '30m', 6),
                alert('availability', 'ticket', '1d', '2h', 3),
                alert('availability', 'ticket', '3d', '6h', 1),
              ],
            },
            {
              alertname: 'LatencyErrorBudgetBurn',
              eval_time: '90m',
              // 5% slow against a 1% budget: a 5x burn fires the tickets only.
              exp_alerts: [
                {
                  ...alert('latency', 'ticket', '1d', '2h', 3),
                  exp_labels: {
                    ...alert('latency', 'ticket', '1d', '2h', 3).exp_labels,
                    threshold_ms: '250',
                  },
                },
                {
                  ...alert('latency', 'ticket', '3d', '6h', 1),
                  exp_labels: {
                    ...alert('latency', 'ticket', '3d', '6h', 1).exp_labels,
                    threshold_ms: '250',
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const result = runPromtool({ 'rules.yaml': rules, 'tests.yaml': tests }, [
      'test',
      'rules',
      'tests.yaml',
    ]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('alerts at the multi-window multi-burn-rate thresholds of a 99.9% target', () => {
    const alerts = rule.spec.groups[1].rules.filter(
      (r: any) => r.alert === 'AvailabilityErrorBudgetBurn',
    );
    expect(
      alerts.map((a: any) => [
        a.labels.severity,
        a.labels.long_window,
        a.labels.short_window,
        a.expr.match(/> ([\d.]+)/)[1],
      ]),
    ).toEqual([
      ['page', '1h', '5m', '0.0144'],
      ['page', '6h', '30m', '0.006'],
      ['ticket', '1d', '2h', '0.003'],
      ['ticket', '3d', '6h', '0.001'],
    ]);
  });
});
