import { parseAllDocuments } from 'yaml';
import type { MeshKubernetesObject } from '../sources/types';
import { computeDrift } from './drift';

const declared = parseAllDocuments(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: checkout }
spec:
  hosts: [checkout]
  http:
    - route: [{ destination: { host: checkout }, weight: 100 }]
      timeout: 5s
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: checkout, namespace: shop }
spec: { mtls: { mode: STRICT } }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: checkout }
spec: { host: checkout }
`).map(d => d.toJS() as MeshKubernetesObject);

const live: MeshKubernetesObject[] = [
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      labels: { 'backstage.io/kubernetes-id': 'checkout' },
    },
    // The cluster added gateways (a default) and someone changed the timeout by hand.
    spec: {
      hosts: ['checkout'],
      gateways: ['mesh'],
      http: [
        {
          route: [{ destination: { host: 'checkout' }, weight: 100 }],
          timeout: '30s',
        },
      ],
    },
  },
  {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: { mtls: { mode: 'STRICT' } },
  },
  {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'hotfix', namespace: 'shop' },
    spec: { action: 'ALLOW' },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'checkout-1', namespace: 'shop' },
  },
];

describe('computeDrift', () => {
  it('finds declared-not-live, live-not-declared and differing fields', () => {
    expect(computeDrift(declared, live, 'shop')).toEqual({
      declaredNotLive: [
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          namespace: 'shop',
          name: 'checkout',
        },
      ],
      liveNotDeclared: [
        {
          apiVersion: 'security.istio.io/v1',
          kind: 'AuthorizationPolicy',
          namespace: 'shop',
          name: 'hotfix',
        },
      ],
      differing: [
        {
          object: {
            apiVersion: 'networking.istio.io/v1',
            kind: 'VirtualService',
            namespace: 'shop',
            name: 'checkout',
          },
          fields: ['spec.http[0].timeout'],
        },
      ],
    });
  });

  it('reports nothing when Git and the cluster agree', () => {
    expect(computeDrift(live.slice(0, 2), live.slice(0, 2))).toEqual({
      declaredNotLive: [],
      liveNotDeclared: [],
      differing: [],
    });
  });
});
