import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description: 'Onboard a mesh-internal service on the tier-2 golden path',
    example: stringify({
      steps: [
        {
          id: 'mesh',
          action: 'mesh:generate',
          name: 'Generate mesh manifests',
          input: {
            goldenPath: 'tier-2',
            name: 'orders',
            namespace: 'orders',
            ports: [{ port: 8080, protocol: 'http' }],
            // The storefront of the next example, in its namespace.
            callers: { serviceAccounts: ['storefront-web/storefront'] },
          },
        },
      ],
    }),
  },
  {
    description:
      'Expose a service through the ingress Gateway with JWT, delivered as a Flagger canary',
    example: stringify({
      steps: [
        {
          id: 'mesh',
          action: 'mesh:generate',
          name: 'Generate mesh manifests',
          input: {
            goldenPath: 'tier-1',
            name: 'storefront',
            namespace: 'storefront-web',
            ports: [{ port: 80, targetPort: 8080, protocol: 'http' }],
            exposure: {
              mode: 'gateway',
              gateway: 'istio-system/public-gateway',
              hosts: ['shop.example.com'],
              jwt: {
                issuer: 'https://login.example.com/',
                jwksUri: 'https://login.example.com/.well-known/jwks.json',
              },
            },
            targetPath: 'deploy/mesh',
          },
        },
      ],
    }),
  },
];
