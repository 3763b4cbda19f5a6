import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeCodes } from '../__testUtils__/analyzeCodes';

/** A checkout whose team wrote its own SLO alerts, labelled as its platform routes pages and tickets. */
function checkout(appConfig: string) {
  const dir = mkdtempSync(join(tmpdir(), 'meshpath-slo-'));
  mkdirSync(join(dir, 'deploy'));
  writeFileSync(
    join(dir, 'deploy', 'slo.yaml'),
    `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: orders-slo, namespace: shop }
spec:
  groups:
    - name: orders
      rules:
        - { alert: OrdersPage, expr: "slo:errors:ratio_rate1h > 0.0144", labels: { severity: page } }
        - { alert: OrdersTicket, expr: "slo:errors:ratio_rate1d > 0.001", labels: { severity: ticket } }
        - { record: "slo:errors:rate5m", expr: 'sum(rate(istio_requests_total{destination_workload="orders",grpc_response_status=~"5|8|14"}[5m]))' }
`,
  );
  writeFileSync(join(dir, 'app-config.yaml'), appConfig);
  return dir;
}

describe('meshpath analyze --config reads mesh.slo as the portal does', () => {
  const platform = `mesh:
  slo:
    alertSeverities: { page: page, ticket: ticket }
    grpcFailureCodes: [UNAVAILABLE, RESOURCE_EXHAUSTED]
`;

  it("judges alert severities and gRPC failure codes by the platform's settings", async () => {
    const dir = checkout(platform);
    const configured = await analyzeCodes(['--config', 'app-config.yaml'], dir);
    expect(configured.stderr).toBe('');
    expect(configured.codes).not.toContain('MP1405');
    // NOT_FOUND (5) is still a caller's mistake under this platform's codes.
    expect(configured.codes).toContain('MP1406');
    const defaults = await analyzeCodes([], dir);
    expect(defaults.codes.filter(c => c === 'MP1405')).toHaveLength(2);
  });

  it('counts only what mesh.slo.grpcFailureCodes names', async () => {
    const dir = checkout(
      `mesh:\n  slo:\n    grpcFailureCodes: [NOT_FOUND, UNAVAILABLE, RESOURCE_EXHAUSTED]\n`,
    );
    expect(
      (await analyzeCodes(['--config', 'app-config.yaml'], dir)).codes,
    ).not.toContain('MP1406');
  });

  it('stops (exit 2) on a mesh.slo the portal would refuse at start-up', async () => {
    const dir = checkout(
      `mesh:\n  slo:\n    alertSeverities: { page: 'pa"ge' }\n`,
    );
    const run = await analyzeCodes(['--config', 'app-config.yaml'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'mesh.slo.alertSeverities.page must be a plain label value',
    );
  });
});
