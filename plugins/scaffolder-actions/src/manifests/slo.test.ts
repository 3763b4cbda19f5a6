import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  DEFAULT_SLO_OPTIONS,
  MeshServiceSpec,
} from '@meshpath/plugin-mesh-common';
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

// The workbook's factors (SRE workbook, table 5-8) for 30 days, and scaled by 28/30 for 28 days.
const FACTORS: Record<number, number[]> = {
  30: [14.4, 6, 3, 1],
  28: [13.44, 5.6, 2.8, 0.933333],
};
const CONDITIONS = [
  { severity: 'critical', long: '1h', short: '5m' },
  { severity: 'critical', long: '6h', short: '30m' },
  { severity: 'warning', long: '1d', short: '2h' },
  { severity: 'warning', long: '3d', short: '6h' },
];

const goldenPaths = repositoryGoldenPaths();
const specOf = (preset: string, overrides: Record<string, unknown> = {}) =>
  resolveSpec(
    {
      name: 'payments',
      namespace: 'payments',
      ports: [{ port: 8080, protocol: 'grpc' }],
      ...overrides,
    },
    goldenPaths[preset],
  );

/** A scenario: failed and slow shares of traffic, as multiples of the SLO's budgets. */
interface Scenario {
  name: string;
  /** Error ratio as a multiple of the availability budget; 0 healthy, undefined no traffic. */
  availabilityBurn?: number;
  latencyBurn?: number;
}

const scenarios: Scenario[] = [
  // Under budget: the client-caused gRPC codes present must not count.
  { name: 'healthy', availabilityBurn: 0.5, latencyBurn: 0.5 },
  // Faster than every page factor (both pages and both tickets fire).
  { name: 'page-level burn', availabilityBurn: 15, latencyBurn: 15 },
  // Between the ticket and the page factors.
  { name: 'ticket-level burn', availabilityBurn: 4, latencyBurn: 4 },
  { name: 'no traffic' },
];

/** Per-minute input series for `spec` under `scenario`, reported as Istio reports them. */
function inputSeries(spec: MeshServiceSpec, scenario: Scenario) {
  const reporter = spec.dataplane === 'ambient' ? 'waypoint' : 'destination';
  const perMinute = scenario.availabilityBurn === undefined ? 0 : 1200;
  const availabilityBudget = 1 - spec.slo.availability / 100;
  const latencyBudget = 1 - spec.slo.latencyPercentile / 100;
  const failed =
    perMinute * availabilityBudget * (scenario.availabilityBurn ?? 0);
  const slow = perMinute * latencyBudget * (scenario.latencyBurn ?? 0);
  // Flagger's primary takes 3/4 of the traffic, the canary (the Deployment itself) 1/4.
  const workloads = [
    {
      workload: 'payments-primary',
      share: 0.75,
      le: String(spec.slo.latencyThresholdMs),
    },
    {
      workload: 'payments',
      share: 0.25,
      le: `${spec.slo.latencyThresholdMs}.0`,
    },
  ];
  const counter = (perMin: number) => `0+${perMin}x150`;
  const series: Array<{ series: string; values: string }> = [];
  for (const { workload, share, le } of workloads) {
    const labels = (extra: string) =>
      `{reporter="${reporter}",destination_workload="${workload}",destination_workload_namespace="payments",destination_service_name="payments-${
        workload === 'payments' ? 'canary' : 'primary'
      }"${extra}}`;
    const total = perMinute * share;
    // Half the failures HTTP 503, half gRPC server faults behind HTTP 200.
    const fail = failed * share;
    const clientCaused = total * 0.1;
    series.push(
      {
        series: `istio_requests_total${labels(
          ',response_code="503",grpc_response_status=""',
        )}`,
        values: counter(fail / 2),
      },
      {
        series: `istio_requests_total${labels(
          ',response_code="200",grpc_response_status="14"',
        )}`,
        values: counter(fail / 4),
      },
      {
        series: `istio_requests_total${labels(
          ',response_code="200",grpc_response_status="4"',
        )}`,
        values: counter(fail / 4),
      },
      // NOT_FOUND, INVALID_ARGUMENT, CANCELLED, RESOURCE_EXHAUSTED: the client's doing, like HTTP 4xx.
      ...['5', '3', '1', '8'].map(code => ({
        series: `istio_requests_total${labels(
          `,response_code="200",grpc_response_status="${code}"`,
        )}`,
        values: counter(clientCaused / 4),
      })),
      {
        series: `istio_requests_total${labels(
          ',response_code="404",grpc_response_status=""',
        )}`,
        values: counter(clientCaused),
      },
      {
        series: `istio_requests_total${labels(
          ',response_code="200",grpc_response_status="0"',
        )}`,
        values: counter(total - fail - 2 * clientCaused),
      },
      {
        series: `istio_request_duration_milliseconds_bucket${labels(
          `,le="${le}"`,
        )}`,
        values: counter(total - slow * share),
      },
      {
        series: `istio_request_duration_milliseconds_bucket${labels(
          ',le="+Inf"',
        )}`,
        values: counter(total),
      },
      {
        series: `istio_request_duration_milliseconds_count${labels('')}`,
        values: counter(total),
      },
    );
  }
  // What must never count: the client side's report, and another workload named like the Service.
  series.push(
    {
      series: `istio_requests_total{reporter="source",destination_workload="payments",destination_workload_namespace="payments",response_code="503",grpc_response_status=""}`,
      values: counter(5000),
    },
    {
      series: `istio_requests_total{reporter="${reporter}",destination_workload="payments-db",destination_workload_namespace="payments",destination_service_name="payments",response_code="503",grpc_response_status=""}`,
      values: counter(5000),
    },
  );
  return series;
}

function expectedAlerts(
  spec: MeshServiceSpec,
  burn: number | undefined,
  kind: string,
) {
  const factors = FACTORS[spec.slo.windowDays];
  return CONDITIONS.filter(
    (_, i) => burn !== undefined && burn > factors[i],
  ).map((c, _) => ({
    exp_labels: {
      service: 'payments',
      namespace: 'payments',
      meshpath_rules: 'slo-v2',
      severity: c.severity,
      long_window: c.long,
      short_window: c.short,
      ...(kind === 'latency'
        ? { threshold_ms: String(spec.slo.latencyThresholdMs) }
        : {}),
    },
  }));
}

function ruleTests(spec: MeshServiceSpec) {
  const own = 'service="payments",namespace="payments",meshpath_rules="slo-v2"';
  const thresholdLabel = `,threshold_ms="${spec.slo.latencyThresholdMs}"`;
  const availabilityBudget = 1 - spec.slo.availability / 100;
  const latencyBudget = 1 - spec.slo.latencyPercentile / 100;
  return scenarios.map(scenario => {
    // promtool compares exactly; the recorded value must be within 1e-9 of the expected one.
    const sample = (name: string, labels: string, value: number) => ({
      expr: `abs(${name}{${own}${labels}} - ${value}) < bool 1e-9`,
      eval_time: '140m',
      exp_samples: [{ labels: `{${own}${labels}}`, value: 1 }],
    });
    const traffic = scenario.availabilityBurn !== undefined;
    const values = traffic
      ? ['5m', '1h', '3d'].flatMap(window => [
          // Two hours of data: a 3d rate() is extrapolated, the ratio of two is not.
          ...(window === '3d'
            ? []
            : [sample(`meshpath:slo_requests:rate${window}`, '', 20)]),
          sample(
            `meshpath:slo_availability_errors:ratio_rate${window}`,
            '',
            availabilityBudget * scenario.availabilityBurn!,
          ),
          sample(
            `meshpath:slo_latency_errors:ratio_rate${window}`,
            thresholdLabel,
            latencyBudget * scenario.latencyBurn!,
          ),
        ])
      : [
          // No traffic: rates of 0 and no ratio (0/0), never an error ratio of 0.
          sample('meshpath:slo_requests:rate1h', '', 0),
          sample('meshpath:slo_availability_errors:rate1h', '', 0),
          {
            expr: `meshpath:slo_availability_errors:ratio_rate1h{${own}} >= 0`,
            eval_time: '140m',
            exp_samples: [],
          },
        ];
    return {
      name: scenario.name,
      interval: '1m',
      input_series: inputSeries(spec, scenario),
      promql_expr_test: values,
      alert_rule_test: [
        {
          alertname: 'AvailabilityErrorBudgetBurn',
          eval_time: '140m',
          exp_alerts: expectedAlerts(
            spec,
            scenario.availabilityBurn,
            'availability',
          ),
        },
        {
          alertname: 'LatencyErrorBudgetBurn',
          eval_time: '140m',
          exp_alerts: expectedAlerts(spec, scenario.latencyBurn, 'latency'),
        },
      ],
    };
  });
}

/** promtool test rules compares alert annotations too; fill them from the rule itself. */
function withAnnotations(rule: any, tests: any[]) {
  const summaries = new Map<string, string>();
  for (const r of rule.spec.groups[1].rules) {
    summaries.set(`${r.alert}/${r.labels.long_window}`, r.annotations.summary);
  }
  for (const t of tests) {
    for (const a of t.alert_rule_test) {
      for (const e of a.exp_alerts) {
        e.exp_annotations = {
          summary: summaries.get(`${a.alertname}/${e.exp_labels.long_window}`),
        };
      }
    }
  }
  return tests;
}

describe('sloRules', () => {
  const presets = Object.keys(goldenPaths);

  it('covers every preset of the repository, sidecar and ambient', () => {
    expect(presets).toEqual(
      expect.arrayContaining(['tier-1', 'tier-2', 'internal-tool']),
    );
    expect(presets.map(p => specOf(p).dataplane)).toEqual(
      expect.arrayContaining(['sidecar', 'ambient']),
    );
  });

  describe.each(presets)('for the %s preset', preset => {
    const spec = specOf(preset);
    const rule = sloRules(spec) as any;
    const rules = { groups: rule.spec.groups };

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

    it('records and alerts as it should for a healthy service, a page-level burn, a ticket-level burn and no traffic (promtool test rules)', () => {
      const tests = {
        rule_files: ['rules.yaml'],
        evaluation_interval: '30s',
        tests: withAnnotations(rule, ruleTests(spec)),
      };
      const result = runPromtool({ 'rules.yaml': rules, 'tests.yaml': tests }, [
        'test',
        'rules',
        'tests.yaml',
      ]);
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });

    it('selects the server side of the workload and its Flagger primary, never destination_service_name', () => {
      const expr = rule.spec.groups[0].rules[0].expr;
      const reporter =
        spec.dataplane === 'ambient' ? 'waypoint' : 'destination';
      expect(expr).toContain(
        `reporter="${reporter}",destination_workload=~"payments|payments-primary",destination_workload_namespace="payments"`,
      );
      expect(JSON.stringify(rule)).not.toContain('destination_service_name');
    });
  });

  it('scales the burn-rate factors to the SLO window (28 days: 13.44, 5.6, 2.8, 0.9333)', () => {
    const spec = specOf('tier-2');
    expect(spec.slo.windowDays).toBe(28);
    const alerts = (sloRules(spec) as any).spec.groups[1].rules.filter(
      (r: any) => r.alert === 'AvailabilityErrorBudgetBurn',
    );
    expect(
      alerts.map((a: any) => [
        a.labels.severity,
        a.labels.long_window,
        Number(a.expr.match(/> ([\d.e-]+)/)[1]),
      ]),
    ).toEqual([
      ['critical', '1h', 0.0672],
      ['critical', '6h', 0.028],
      ['warning', '1d', 0.014],
      ['warning', '3d', 0.00466667],
    ]);
  });

  it('refuses a target whose page alert could never fire, with the reason', () => {
    const spec = specOf('internal-tool');
    expect(() =>
      sloRules({ ...spec, slo: { ...spec.slo, latencyPercentile: 90 } }),
    ).toThrow(
      /slo\.latencyPercentile: a 90 % target over 28 days cannot page: its 1h\/5m page alert fires above an error ratio of 13\.44 × 0\.1 = 1\.344.*use a target above 92\.56 %/,
    );
    expect(() =>
      sloRules({ ...spec, slo: { ...spec.slo, availability: 93 } }),
    ).not.toThrow();
  });

  it('follows the configured severities and gRPC failure codes', () => {
    const spec = specOf('tier-1');
    const rule = sloRules(spec, {
      ...DEFAULT_SLO_OPTIONS,
      alertSeverities: { page: 'page', ticket: 'info' },
      grpcFailureCodes: ['UNAVAILABLE', 'RESOURCE_EXHAUSTED'],
    }) as any;
    expect(
      new Set(rule.spec.groups[1].rules.map((r: any) => r.labels.severity)),
    ).toEqual(new Set(['page', 'info']));
    expect(rule.spec.groups[0].rules[1].expr).toContain(
      'grpc_response_status=~"8|14"',
    );
    expect((sloRules(spec) as any).spec.groups[0].rules[1].expr).toContain(
      'grpc_response_status=~"2|4|12|13|14|15"',
    );
  });
});
