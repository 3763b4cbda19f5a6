import { analyzeWorld, withCode } from '../__testUtils__/world';

const virtualService = (name: string, spec: string, namespace = 'bookinfo') => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: ${namespace} }
spec:
${spec}`;

const subsets = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews
  subsets: [{ name: v1, labels: { version: v1 } }, { name: v2, labels: { version: v2 } }]`;

describe('VirtualService checks', () => {
  it('MP1101: a destination host that matches nothing (IST0101/KIA1101)', async () => {
    const findings = await analyzeWorld(
      virtualService(
        'r',
        `  hosts: [reviews]\n  http: [{ route: [{ destination: { host: reviewz } }] }]`,
      ),
    );
    expect(withCode(findings, 'MP1101')).toEqual([
      'VirtualService/r: Destination host reviewz matches no Service or ServiceEntry',
    ]);
    expect(findings.find(f => f.code === 'MP1101')!.references).toEqual({
      istio: 'IST0101',
      kiali: 'KIA1101',
    });
  });

  it('MP1101 near miss: short names, namespace-qualified names and ServiceEntry hosts resolve', async () => {
    const findings = await analyzeWorld(`
${virtualService(
  'r',
  `  hosts: [reviews]\n  http: [{ route: [{ destination: { host: reviews.bookinfo } }, { destination: { host: reviews.bookinfo.svc.cluster.local } }] }]`,
)}
---
${virtualService(
  'ext',
  `  hosts: [api.payments.example.com]\n  http: [{ route: [{ destination: { host: api.payments.example.com } }] }]`,
)}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: payments-api, namespace: bookinfo }
spec: { hosts: ['*.payments.example.com'], ports: [{ number: 443, name: https, protocol: HTTPS }], resolution: DNS }`);
    expect(withCode(findings, 'MP1101')).toEqual([]);
  });

  it('MP1101: a short name resolves in the VirtualService namespace, not the Service one', async () => {
    const findings = await analyzeWorld(
      virtualService(
        'r',
        `  hosts: [reviews]\n  http: [{ route: [{ destination: { host: reviews } }] }]`,
        'other',
      ),
    );
    expect(withCode(findings, 'MP1101')).toEqual([
      'VirtualService/r: Destination host reviews matches no Service or ServiceEntry',
    ]);
  });

  it('MP1102: a subset no DestinationRule defines (KIA1107)', async () => {
    const vs = virtualService(
      'r',
      `  hosts: [reviews]\n  http: [{ route: [{ destination: { host: reviews, subset: v3 } }] }]`,
    );
    expect(
      withCode(await analyzeWorld(`${vs}\n---\n${subsets}`), 'MP1102'),
    ).toEqual([
      'VirtualService/r: Subset v3 of reviews is defined by no DestinationRule',
    ]);
    const nearMiss = virtualService(
      'r',
      `  hosts: [reviews]\n  http: [{ route: [{ destination: { host: reviews, subset: v2 } }] }]`,
    );
    expect(
      withCode(await analyzeWorld(`${nearMiss}\n---\n${subsets}`), 'MP1102'),
    ).toEqual([]);
  });

  it('MP1103: a Gateway that does not exist (KIA1102), not for the implied mesh gateway', async () => {
    const findings = await analyzeWorld(
      virtualService(
        'r',
        `  hosts: [reviews]\n  gateways: [istio-system/public, mesh]\n  http: [{ route: [{ destination: { host: reviews } }] }]`,
      ),
    );
    expect(withCode(findings, 'MP1103')).toEqual([
      'VirtualService/r: Gateway istio-system/public does not exist',
    ]);
  });

  it('MP1104: two VirtualServices claiming a host on the mesh gateway (IST0109)', async () => {
    const one = virtualService(
      'a',
      `  hosts: [reviews]\n  http: [{ route: [{ destination: { host: reviews } }] }]`,
    );
    const two = virtualService(
      'b',
      `  hosts: [reviews.bookinfo.svc.cluster.local]\n  http: [{ route: [{ destination: { host: reviews } }] }]`,
    );
    expect(
      withCode(await analyzeWorld(`${one}\n---\n${two}`), 'MP1104'),
    ).toHaveLength(2);
    // Near miss: the same host on a different gateway is not a conflict.
    const gateway = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public, namespace: bookinfo }
spec: { selector: { istio: ingressgateway }, servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ['*'] }] }`;
    const onGateway = virtualService(
      'b',
      `  hosts: [reviews]\n  gateways: [public]\n  http: [{ route: [{ destination: { host: reviews } }] }]`,
    );
    expect(
      withCode(
        await analyzeWorld(`${one}\n---\n${onGateway}\n---\n${gateway}`),
        'MP1104',
      ),
    ).toEqual([]);
  });

  it('MP1109: no destination port for a Service with several ports (IST0112)', async () => {
    expect(
      withCode(
        await analyzeWorld(
          virtualService(
            'r',
            `  hosts: [ratings]\n  http: [{ route: [{ destination: { host: ratings } }] }]`,
          ),
        ),
        'MP1109',
      ),
    ).toEqual([
      'VirtualService/r: Service ratings has 2 ports: the destination must name one',
    ]);
    expect(
      withCode(
        await analyzeWorld(
          virtualService(
            'r',
            `  hosts: [ratings]\n  http: [{ route: [{ destination: { host: ratings, port: { number: 9080 } } }] }]`,
          ),
        ),
        'MP1109',
      ),
    ).toEqual([]);
  });

  it('MP1110: a route after a catch-all is unreachable (IST0131)', async () => {
    const unreachable = virtualService(
      'r',
      `  hosts: [reviews]
  http:
    - match: [{ uri: { prefix: / } }]
      route: [{ destination: { host: reviews } }]
    - match: [{ headers: { end-user: { exact: jason } } }]
      route: [{ destination: { host: reviews } }]`,
    );
    expect(withCode(await analyzeWorld(unreachable), 'MP1110')).toHaveLength(1);
    const ordered = virtualService(
      'r',
      `  hosts: [reviews]
  http:
    - match: [{ headers: { end-user: { exact: jason } } }]
      route: [{ destination: { host: reviews } }]
    - route: [{ destination: { host: reviews } }]`,
    );
    expect(withCode(await analyzeWorld(ordered), 'MP1110')).toEqual([]);
  });

  it('MP1111: a host the Gateway does not serve (IST0132)', async () => {
    const gateway = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public, namespace: bookinfo }
spec: { selector: { istio: ingressgateway }, servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ['*.example.com'] }] }`;
    const served = virtualService(
      'r',
      `  hosts: [shop.example.com]\n  gateways: [public]\n  http: [{ route: [{ destination: { host: reviews } }] }]`,
    );
    const notServed = virtualService(
      's',
      `  hosts: [shop.example.org]\n  gateways: [public]\n  http: [{ route: [{ destination: { host: reviews } }] }]`,
    );
    expect(
      withCode(
        await analyzeWorld(`${gateway}\n---\n${served}\n---\n${notServed}`),
        'MP1111',
      ),
    ).toEqual([
      'VirtualService/s: Gateway public exposes none of the hosts shop.example.org',
    ]);
  });

  it('MP1120: JWT claim routing without a RequestAuthentication (IST0149)', async () => {
    const claims = virtualService(
      'r',
      `  hosts: [reviews]
  http:
    - match: [{ headers: { '@request.auth.claims.group': { exact: beta } } }]
      route: [{ destination: { host: reviews } }]`,
    );
    expect(withCode(await analyzeWorld(claims), 'MP1120')).toHaveLength(1);
    const requestAuthentication = `
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: jwt, namespace: bookinfo }
spec: { jwtRules: [{ issuer: https://login.example.com/ }] }`;
    expect(
      withCode(
        await analyzeWorld(`${claims}\n---\n${requestAuthentication}`),
        'MP1120',
      ),
    ).toEqual([]);
  });
});
