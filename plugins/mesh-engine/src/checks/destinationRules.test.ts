import { analyzeWorld, withCode } from '../__testUtils__/world';

const destinationRule = (
  name: string,
  spec: string,
  namespace = 'bookinfo',
) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ${name}, namespace: ${namespace} }
spec:
${spec}`;

const strictReviews = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: bookinfo }
spec: { mtls: { mode: STRICT } }`;

describe('DestinationRule checks', () => {
  it('MP1107: a version subset for a Deployment without a version label (issue 13, item 7)', async () => {
    // ratings' only Deployment has no version label: every request routed to subset v1 fails with 503.
    const v1 = destinationRule(
      'ratings',
      '  host: ratings\n  subsets: [{ name: v1, labels: { version: v1 } }]',
    );
    const all = destinationRule(
      'ratings',
      '  host: ratings\n  subsets: [{ name: stable, labels: { app: ratings } }]',
    );
    expect(withCode(await analyzeWorld(v1), 'MP1107')).toEqual([
      'DestinationRule/ratings: Subset v1 (version=v1) matches no workload of ratings',
    ]);
    expect(withCode(await analyzeWorld(all), 'MP1107')).toEqual([]);
  });

  it('MP1105: two DestinationRules for the same host (KIA0201), not when subsets differ', async () => {
    const a = destinationRule(
      'a',
      '  host: reviews\n  trafficPolicy: { tls: { mode: ISTIO_MUTUAL } }',
    );
    const b = destinationRule(
      'b',
      '  host: reviews.bookinfo.svc.cluster.local\n  trafficPolicy: { tls: { mode: ISTIO_MUTUAL } }',
    );
    expect(
      withCode(await analyzeWorld(`${a}\n---\n${b}`), 'MP1105'),
    ).toHaveLength(2);
    const v1 = destinationRule(
      'a',
      '  host: reviews\n  subsets: [{ name: v1, labels: { version: v1 } }]',
    );
    const v2 = destinationRule(
      'b',
      '  host: reviews\n  subsets: [{ name: v2, labels: { version: v2 } }]',
    );
    expect(withCode(await analyzeWorld(`${v1}\n---\n${v2}`), 'MP1105')).toEqual(
      [],
    );
    const v1again = destinationRule(
      'c',
      '  host: reviews\n  subsets: [{ name: v1, labels: { version: v1 } }]',
    );
    // Both rules of a collision are reported, as Kiali does.
    expect(
      withCode(await analyzeWorld(`${v1}\n---\n${v1again}`), 'MP1105'),
    ).toHaveLength(2);
  });

  it('MP1106 / MP1107: subsets without labels (KIA0209) or matching no workload (IST0173)', async () => {
    const findings = await analyzeWorld(
      destinationRule(
        'r',
        '  host: reviews\n  subsets: [{ name: v1, labels: { version: v1 } }, { name: v3, labels: { version: v3 } }, { name: all }]',
      ),
    );
    expect(withCode(findings, 'MP1107')).toEqual([
      'DestinationRule/r: Subset v3 (version=v3) matches no workload of reviews',
    ]);
    expect(withCode(findings, 'MP1106')).toEqual([
      'DestinationRule/r: Subset all has no labels, so it selects every version',
    ]);
  });

  it('MP1108: a host that matches no Service (IST0174)', async () => {
    expect(
      withCode(
        await analyzeWorld(destinationRule('r', '  host: reviewz')),
        'MP1108',
      ),
    ).toEqual([
      'DestinationRule/r: Host reviewz matches no Service or ServiceEntry',
    ]);
    expect(
      withCode(
        await analyzeWorld(destinationRule('r', '  host: reviews')),
        'MP1108',
      ),
    ).toEqual([]);
  });

  it('MP1115 / MP1116: TLS origination without CA verification (IST0128/IST0129)', async () => {
    const findings = await analyzeWorld(
      destinationRule(
        'r',
        `  host: reviews
  trafficPolicy:
    tls: { mode: SIMPLE }
    portLevelSettings: [{ port: { number: 9080 }, tls: { mode: MUTUAL, clientCertificate: /c.pem, privateKey: /k.pem } }]`,
      ),
    );
    expect(withCode(findings, 'MP1115')).toHaveLength(1);
    expect(withCode(findings, 'MP1116')).toHaveLength(1);
    const verified = await analyzeWorld(
      destinationRule(
        'r',
        '  host: reviews\n  trafficPolicy: { tls: { mode: SIMPLE, caCertificates: /etc/ca.pem } }',
      ),
    );
    expect(withCode(verified, 'MP1115')).toEqual([]);
  });

  it('MP1201: TLS turned off towards workloads that require STRICT mTLS', async () => {
    const disabled = destinationRule(
      'r',
      '  host: reviews\n  trafficPolicy: { tls: { mode: DISABLE } }',
    );
    expect(
      withCode(
        await analyzeWorld(`${disabled}\n---\n${strictReviews}`),
        'MP1201',
      ),
    ).toHaveLength(1);
    // Near miss: without STRICT, plaintext is accepted (PERMISSIVE is the default).
    expect(withCode(await analyzeWorld(disabled), 'MP1201')).toEqual([]);
    // Near miss: a workload policy making reviews PERMISSIVE overrides the namespace STRICT.
    const permissive = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: reviews, namespace: bookinfo }
spec: { selector: { matchLabels: { app: reviews } }, mtls: { mode: PERMISSIVE } }`;
    expect(
      withCode(
        await analyzeWorld(
          `${disabled}\n---\n${strictReviews}\n---\n${permissive}`,
        ),
        'MP1201',
      ),
    ).toEqual([]);
  });
});
