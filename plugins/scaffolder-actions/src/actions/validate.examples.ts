import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Generate, then validate the mesh manifests together with the service manifests of the repository',
    example: stringify({
      steps: [
        {
          id: 'mesh',
          action: 'mesh:generate',
          name: 'Generate mesh manifests',
          input: {
            goldenPath: 'tier-2',
            name: 'payments',
            namespace: 'payments',
            ports: [{ port: 8080, protocol: 'http' }],
            targetPath: 'deploy/mesh',
          },
        },
        {
          id: 'validate',
          action: 'mesh:validate',
          name: 'Validate mesh manifests',
          input: { goldenPath: 'tier-2', paths: ['deploy'] },
        },
      ],
    }),
  },
];
