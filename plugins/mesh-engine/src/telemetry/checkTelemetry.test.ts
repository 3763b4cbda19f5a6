import { analyzeWorld, baseWorld, withCode } from '../__testUtils__/world';

/** A PrometheusRule in bookinfo with one rule (`record` or `alert`). */
const prometheusRule = (rule: string, namespace = 'bookinfo') => `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: reviews-slo, namespace: ${namespace} }
spec:
  groups:
    - name: reviews
      rules:
        - ${rule}`;

const canary = (
  metrics = '[{ name: request-duration, thresholdRange: { max: 500 }, interval: 1m }]',
  service = '{ name: reviews, port: 9080 }',
) => `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: reviews, namespace: bookinfo }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: reviews-v1 }
  service: ${service}
  analysis: { interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10, metrics: ${metrics} }`;

const record = (selector: string) =>
  `{ record: "slo:requests:rate5m", expr: 'sum(rate(istio_requests_total{${selector}}[5m]))' }`;

describe('MP1401: SLO series of a Flagger-managed service selected by Service name', () => {
  it('flags destination_service_name and destination_service of a Canary-managed service', async () => {
    const byName = await analyzeWorld(
      `${canary()}\n---\n${prometheusRule(
        record('reporter="destination",destination_service_name="reviews"'),
      )}`,
    );
    expect(withCode(byName, 'MP1401')).toEqual([
      expect.stringMatching(
        /^PrometheusRule\/reviews-slo: record slo:requests:rate5m: istio_requests_total selects destination_service_name="reviews", but a Flagger Canary manages bookinfo\/reviews: .*destination_workload=~"reviews\|reviews-primary"/,
      ),
    ]);
    const byFqdn = await analyzeWorld(
      `${canary()}\n---\n${prometheusRule(
        record('destination_service="reviews.bookinfo.svc.cluster.local"'),
      )}`,
    );
    expect(withCode(byFqdn, 'MP1401')).toHaveLength(1);
  });

  it('flags a MetricTemplate rendered for the Canary that references it', async () => {
    const template = `
apiVersion: flagger.app/v1beta1
kind: MetricTemplate
metadata: { name: errors, namespace: bookinfo }
spec:
  provider: { type: prometheus, address: http://prometheus:9090 }
  query: 'sum(rate(istio_requests_total{destination_service_name="{{ target }}",response_code=~"5.."}[{{ interval }}]))'`;
    const withRef = canary(
      '[{ name: errors, templateRef: { name: errors }, thresholdRange: { max: 1 } }, { name: request-duration, thresholdRange: { max: 500 } }]',
      '{ name: reviews-v1, port: 9080 }',
    );
    expect(
      withCode(await analyzeWorld(`${withRef}\n---\n${template}`), 'MP1401'),
    ).toEqual([
      expect.stringContaining(
        'query (rendered for Canary bookinfo/reviews): istio_requests_total selects destination_service_name="reviews-v1"',
      ),
    ]);
    // Not referenced by any Canary: Flagger never renders it.
    expect(withCode(await analyzeWorld(template), 'MP1401')).toEqual([]);
  });

  it('leaves workload selectors, client-side reports, services with their -canary, and unmanaged services alone', async () => {
    for (const selector of [
      'reporter="destination",destination_workload=~"reviews|reviews-primary",destination_service_name="reviews"',
      'reporter="source",destination_service_name="reviews"',
      'destination_service_name=~"reviews|reviews-primary|reviews-canary"',
      'destination_service_name=~"rev.*"',
    ]) {
      expect(
        withCode(
          await analyzeWorld(
            `${canary()}\n---\n${prometheusRule(record(selector))}`,
          ),
          'MP1401',
        ),
      ).toEqual([]);
    }
    expect(
      withCode(
        await analyzeWorld(
          prometheusRule(record('destination_service_name="reviews"')),
        ),
        'MP1401',
      ),
    ).toEqual([]);
  });
});

const ambientWorld = (namespaceLabels: string, serviceLabels = '{}') => `
apiVersion: v1
kind: Namespace
metadata: { name: mesh, labels: ${namespaceLabels} }
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: mesh, labels: ${serviceLabels} }
spec: { selector: { app: api }, ports: [{ name: http, port: 80 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: mesh }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: api, image: api:1 }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: waypoint, namespace: mesh, labels: { istio.io/waypoint-for: service } }
spec: { gatewayClassName: istio-waypoint, listeners: [{ name: mesh, port: 15008, protocol: HBONE }] }`;

describe('MP1402: reporter="destination" for an ambient workload', () => {
  const rule = (reporter: string) =>
    prometheusRule(
      record(
        `reporter="${reporter}",destination_workload="api",destination_workload_namespace="mesh"`,
      ),
      'mesh',
    );

  it('asks for reporter="waypoint" behind a waypoint, and says there are no request metrics without one', async () => {
    const behindWaypoint = await analyzeWorld(
      `${ambientWorld(
        '{ istio.io/dataplane-mode: ambient }',
        '{ istio.io/use-waypoint: waypoint }',
      )}\n---\n${rule('destination')}`,
    );
    expect(withCode(behindWaypoint, 'MP1402')).toEqual([
      expect.stringContaining(
        'mesh runs in ambient mode behind a waypoint, which reports its requests as reporter="waypoint"',
      ),
    ]);
    const noWaypoint = await analyzeWorld(
      `${ambientWorld('{ istio.io/dataplane-mode: ambient }')}\n---\n${rule(
        'destination',
      )}`,
    );
    expect(withCode(noWaypoint, 'MP1402')).toEqual([
      expect.stringContaining(
        'without a waypoint: in ambient mode ztunnel reports only TCP',
      ),
    ]);
  });

  it('leaves reporter="waypoint", sidecar namespaces and workloads with an injected sidecar alone', async () => {
    const cases = [
      `${ambientWorld(
        '{ istio.io/dataplane-mode: ambient }',
        '{ istio.io/use-waypoint: waypoint }',
      )}\n---\n${rule('waypoint')}`,
      `${ambientWorld('{ istio-injection: enabled }')}\n---\n${rule(
        'destination',
      )}`,
      `${ambientWorld(
        '{ istio.io/dataplane-mode: ambient, istio-injection: enabled }',
      )}\n---\n${rule('destination')}`,
    ];
    for (const input of cases)
      expect(withCode(await analyzeWorld(input), 'MP1402')).toEqual([]);
  });
});

describe('MP1403: built-in request-success-rate on a gRPC service', () => {
  const gates =
    '[{ name: request-success-rate, thresholdRange: { min: 99 } }, { name: request-duration, thresholdRange: { max: 500 } }]';

  it('flags it when the Canary or the Service port says gRPC', async () => {
    for (const service of [
      '{ name: reviews, port: 9080, appProtocol: grpc }',
      '{ name: reviews, port: 9080, portName: grpc-api }',
    ]) {
      expect(
        withCode(await analyzeWorld(canary(gates, service)), 'MP1403'),
      ).toEqual([expect.stringContaining('the service speaks gRPC')]);
    }
    const container = (portName: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v1, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: reviews, version: v1 } }
  template:
    metadata: { labels: { app: reviews, version: v1 } }
    spec: { containers: [{ name: reviews, image: reviews:1, ports: [{ name: ${portName}, containerPort: 9080 }] }] }`;
    const world = baseWorld.replace(
      /---\napiVersion: apps\/v1\nkind: Deployment\nmetadata: \{ name: reviews-v1[^]*?(?=---)/,
      '',
    );
    expect(
      withCode(
        await analyzeWorld(
          `${container('grpc')}\n---\n${canary(gates)}`,
          undefined,
          world,
        ),
        'MP1403',
      ),
    ).toHaveLength(1);
    expect(
      withCode(
        await analyzeWorld(
          `${container('http')}\n---\n${canary(gates)}`,
          undefined,
          world,
        ),
        'MP1403',
      ),
    ).toEqual([]);
  });

  it('leaves HTTP services and gRPC services gated by a MetricTemplate alone', async () => {
    expect(
      withCode(
        await analyzeWorld(canary(gates, '{ name: ratings, port: 9080 }')),
        'MP1403',
      ),
    ).toEqual([]);
    expect(
      withCode(
        await analyzeWorld(
          canary(
            '[{ name: request-success-rate, templateRef: { name: grpc-errors }, thresholdRange: { max: 1 } }]',
            '{ name: reviews, port: 9080, appProtocol: grpc }',
          ),
        ),
        'MP1403',
      ),
    ).toEqual([]);
  });
});

describe('MP1404: burn-rate alerts that cannot fire', () => {
  const alert = (expr: string) =>
    prometheusRule(
      `{ alert: ErrorBudgetBurn, expr: '${expr}', labels: { severity: critical } }`,
    );

  it('flags factor × (1 − target) ≥ 1 and a literal threshold above 1 on an error ratio', async () => {
    const computed = await analyzeWorld(
      alert(
        'slo:errors:ratio_rate1h > (14.4 * (1 - 0.9)) and slo:errors:ratio_rate5m > (14.4 * (1 - 0.9))',
      ),
    );
    expect(withCode(computed, 'MP1404')).toEqual([
      'PrometheusRule/reviews-slo: alert ErrorBudgetBurn: it fires when slo:errors:ratio_rate1h > ( 14.4 * ( 1 - 0.9 ) ) = 1.44, and an error ratio never exceeds 1: it can never fire. A burn-rate threshold is factor × (1 − target); keep it below 1 (a smaller factor, a longer window, or a target above 1 − 1/factor)',
    ]);
    const literal = await analyzeWorld(
      alert(
        'sum(rate(istio_requests_total{response_code=~"5.."}[1h])) / sum(rate(istio_requests_total[1h])) > 1.44',
      ),
    );
    expect(withCode(literal, 'MP1404')).toHaveLength(1);
  });

  it('leaves thresholds below 1, percentages and recording rules alone', async () => {
    for (const input of [
      alert('slo:errors:ratio_rate1h > (14.4 * (1 - 0.999))'),
      alert('100 * slo:errors:ratio_rate1h > 1.44'),
      alert('slo:errors:ratio_rate1h >= 1'),
      prometheusRule('{ record: "x", expr: "slo:errors:ratio_rate1h > 2" }'),
    ])
      expect(withCode(await analyzeWorld(input), 'MP1404')).toEqual([]);
  });
});

describe('MP1405: alert severities Alertmanager does not route', () => {
  const alert = (severity: string) =>
    prometheusRule(
      `{ alert: Burn, expr: "slo:errors:ratio_rate1h > 0.0144", labels: { severity: ${severity} } }`,
    );

  it('flags page and ticket', async () => {
    expect(withCode(await analyzeWorld(alert('page')), 'MP1405')).toEqual([
      expect.stringContaining('alert Burn has severity "page"'),
    ]);
    expect(
      withCode(await analyzeWorld(alert('ticket')), 'MP1405'),
    ).toHaveLength(1);
  });

  it("leaves kube-prometheus' severities and templated ones alone", async () => {
    for (const severity of [
      'critical',
      'warning',
      'info',
      'none',
      '"{{ $labels.severity }}"',
    ])
      expect(withCode(await analyzeWorld(alert(severity)), 'MP1405')).toEqual(
        [],
      );
  });
});

describe("MP1405 under the platform's severity mapping (mesh.slo.alertSeverities)", () => {
  const alert = (severity: string) =>
    prometheusRule(
      `{ alert: Burn, expr: "slo:errors:ratio_rate1h > 0.0144", labels: { severity: ${severity} } }`,
    );
  const mapped = {
    telemetry: { alertSeverities: { page: 'page', ticket: 'ticket' } },
  };

  it("accepts the configured severities and kube-prometheus' own", async () => {
    for (const severity of [
      'page',
      'ticket',
      'critical',
      'warning',
      'info',
      'none',
    ])
      expect(
        withCode(await analyzeWorld(alert(severity), mapped), 'MP1405'),
      ).toEqual([]);
  });

  it('names the configured severities when a value is neither', async () => {
    expect(
      withCode(await analyzeWorld(alert('pager'), mapped), 'MP1405'),
    ).toEqual([
      'PrometheusRule/reviews-slo: alert Burn has severity "pager": the platform\'s Alertmanager routes page and ticket (mesh.slo.alertSeverities) besides kube-prometheus\' critical, warning, info and none, so "pager" reaches only the default receiver and is never inhibited; use page for pages and ticket for tickets',
    ]);
    // Without the mapping, the defaults stay: page is not routed.
    expect(withCode(await analyzeWorld(alert('page')), 'MP1405')).toHaveLength(
      1,
    );
  });
});
