import { analyzeWorld, withCode } from '../__testUtils__/world';

/** A PrometheusRule in bookinfo with one recording rule over `expr`. */
const recorded = (expr: string) => `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: slo, namespace: bookinfo }
spec:
  groups:
    - name: slo
      rules:
        - { record: "slo:errors:rate5m", expr: '${expr}' }`;

const requests = (matchers: string) =>
  `sum(rate(istio_requests_total{${matchers}}[5m]))`;

const template = (query: string) => `
apiVersion: flagger.app/v1beta1
kind: MetricTemplate
metadata: { name: errors, namespace: bookinfo }
spec:
  provider: { type: prometheus, address: http://prometheus:9090 }
  query: '${query}'`;

const canary = (service: string) => `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: reviews, namespace: bookinfo }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: reviews-v1 }
  service: ${service}
  analysis:
    interval: 1m
    threshold: 5
    maxWeight: 50
    stepWeight: 10
    metrics: [{ name: errors, templateRef: { name: errors }, thresholdRange: { max: 1 } }]`;

const flagged = async (yaml: string, code: string, options?: object) =>
  withCode(await analyzeWorld(yaml, options), code);

describe('MP1406: client-caused gRPC codes counted as failures', () => {
  it('flags a count of every non-OK code, naming the client codes it takes in', async () => {
    expect(
      await flagged(
        recorded(
          requests(
            'destination_workload="reviews-v1",grpc_response_status!="0"',
          ),
        ),
        'MP1406',
      ),
    ).toEqual([
      'PrometheusRule/slo: record slo:errors:rate5m: istio_requests_total counts grpc_response_status!="0" as failures, which takes in client-caused codes (CANCELLED 1, INVALID_ARGUMENT 3, NOT_FOUND 5, ALREADY_EXISTS 6, PERMISSION_DENIED 7, RESOURCE_EXHAUSTED 8, FAILED_PRECONDITION 9, ABORTED 10, OUT_OF_RANGE 11, UNAUTHENTICATED 16): a caller\'s bad request spends this service\'s error budget, while HTTP 4xx does not; count only the server faults, grpc_response_status=~"2|4|12|13|14|15"',
    ]);
    for (const status of [
      'grpc_response_status=~"1|2|3|4|5|13|14"',
      'grpc_response_status!~"0|1"',
      'grpc_response_status!="0",grpc_response_status!="1"',
    ])
      expect(await flagged(recorded(requests(status)), 'MP1406')).toHaveLength(
        1,
      );
  });

  it('reads MetricTemplate queries and alerts too', async () => {
    expect(
      await flagged(
        template(
          `${requests(
            'destination_workload="{{ target }}",grpc_response_status!="0"',
          )} / ${requests('destination_workload="{{ target }}"')}`,
        ),
        'MP1406',
      ),
    ).toHaveLength(1);
  });

  it('leaves the server faults, client codes measured alone, other metrics and unreadable regexes alone', async () => {
    for (const expr of [
      requests('response_code!~"5..",grpc_response_status=~"2|4|12|13|14|15"'),
      requests('grpc_response_status="5"'),
      requests('grpc_response_status=~"3|5"'),
      requests('grpc_response_status=~"[1-9]|1[0-6]"'),
      requests('grpc_response_status="0"'),
      'sum(rate(istio_request_duration_milliseconds_count{grpc_response_status!="0"}[5m]))',
    ])
      expect(await flagged(recorded(expr), 'MP1406')).toEqual([]);
  });

  it('follows mesh.slo.grpcFailureCodes: codes the platform counts are not client codes', async () => {
    const withQuota = {
      telemetry: {
        grpcFailureCodes: ['UNAVAILABLE', 'INTERNAL', 'RESOURCE_EXHAUSTED'],
      },
    };
    expect(
      await flagged(
        recorded(requests('grpc_response_status=~"8|13|14"')),
        'MP1406',
        withQuota,
      ),
    ).toEqual([]);
    // By default RESOURCE_EXHAUSTED (429) is the caller's quota, not a fault.
    expect(
      await flagged(
        recorded(requests('grpc_response_status=~"8|13|14"')),
        'MP1406',
      ),
    ).toHaveLength(1);
    expect(
      await flagged(
        recorded(requests('grpc_response_status=~"5|8|13|14"')),
        'MP1406',
        withQuota,
      ),
    ).toEqual([
      expect.stringContaining(
        '(NOT_FOUND 5): a caller\'s bad request spends this service\'s error budget, while HTTP 4xx does not; count only the server faults, grpc_response_status=~"8|13|14"',
      ),
    ]);
  });
});

describe('MP1407: a gRPC service whose failures are counted by HTTP status only', () => {
  const fiveHundreds = `${requests(
    'destination_workload=~"{{ target }}|{{ target }}-primary",response_code=~"5.."',
  )} / ${requests(
    'destination_workload=~"{{ target }}|{{ target }}-primary"',
  )} * 100`;

  it('flags a MetricTemplate rendered for a gRPC Canary', async () => {
    expect(
      await flagged(
        `${canary(
          '{ name: reviews, port: 9080, appProtocol: grpc }',
        )}\n---\n${template(fiveHundreds)}`,
        'MP1407',
      ),
    ).toEqual([
      'MetricTemplate/errors: query (rendered for Canary bookinfo/reviews): istio_requests_total counts only response_code=~"5.." as failures, but Canary bookinfo/reviews speaks gRPC: gRPC failures arrive as HTTP 200 with a grpc-status, so the series misses every failed call; count also response_code!~"5..",grpc_response_status=~"2|4|12|13|14|15" (the server faults), as the generated SLOs do',
    ]);
  });

  it('flags a PrometheusRule that names a gRPC Service, workload or app', async () => {
    const grpcWorkload = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: catalog, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: catalog } }
  template:
    metadata: { labels: { app: catalog } }
    spec: { containers: [{ name: catalog, image: catalog:1, ports: [{ name: grpc-api, containerPort: 8080 }] }] }`;
    for (const [selector, target] of [
      [
        'destination_service_name="ratings",response_code=~"5.."',
        'Service bookinfo/ratings',
      ],
      [
        'destination_service="ratings.bookinfo.svc.cluster.local",response_code="503"',
        'Service bookinfo/ratings',
      ],
      [
        'destination_workload="ratings",response_code=~"500|503"',
        'workload bookinfo/ratings',
      ],
      [
        'destination_app="ratings",response_code=~"5.."',
        'app ratings in bookinfo',
      ],
    ])
      expect(await flagged(recorded(requests(selector)), 'MP1407')).toEqual([
        expect.stringContaining(`but ${target} speaks gRPC`),
      ]);
    expect(
      await flagged(
        `${grpcWorkload}\n---\n${recorded(
          requests('destination_workload="catalog",response_code=~"5.."'),
        )}`,
        'MP1407',
      ),
    ).toEqual([
      expect.stringContaining('but workload bookinfo/catalog speaks gRPC'),
    ]);
  });

  it('leaves HTTP services, queries that read grpc_response_status, HTTP-only protocols and unknown targets alone', async () => {
    for (const yaml of [
      recorded(
        requests('destination_service_name="reviews",response_code=~"5.."'),
      ),
      recorded(
        `${requests(
          'destination_service_name="ratings",response_code=~"5.."',
        )} + ${requests(
          'destination_service_name="ratings",response_code!~"5..",grpc_response_status=~"2|4|12|13|14|15"',
        )}`,
      ),
      recorded(
        requests(
          'destination_service_name="ratings",request_protocol="http",response_code=~"5.."',
        ),
      ),
      recorded(
        requests('destination_service_name="ratings",response_code=~"4..|5.."'),
      ),
      recorded(requests('response_code=~"5.."')),
      `${canary('{ name: reviews, port: 9080 }')}\n---\n${template(
        fiveHundreds,
      )}`,
      // A template no Canary references is never rendered.
      template(fiveHundreds),
    ])
      expect(await flagged(yaml, 'MP1407')).toEqual([]);
  });
});
