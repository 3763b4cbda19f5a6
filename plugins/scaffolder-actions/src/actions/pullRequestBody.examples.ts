import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description: 'Describe the onboarding change for the publish step',
    example: stringify({
      steps: [
        {
          id: 'body',
          action: 'mesh:pull-request-body',
          name: 'Describe the change',
          input: {
            goldenPath: 'tier-2',
            name: 'orders',
            namespace: 'orders',
            ports: [{ port: 8080, protocol: 'http' }],
            callers: { serviceAccounts: ['storefront/storefront'] },
            paths: ['.'],
          },
        },
        {
          id: 'publish',
          action: 'publish:github:pull-request',
          name: 'Open the pull request',
          input: {
            repoUrl: 'github.com?owner=acme&repo=orders',
            branchName: 'meshpath/onboard-orders',
            title: 'Onboard orders to the service mesh',
            description: '${{ steps.body.output.body }}',
          },
        },
      ],
    }),
  },
];
