import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Validate the generated manifests together with the service manifests of the repository',
    example: stringify({
      steps: [
        {
          id: 'validate',
          action: 'mesh:validate',
          name: 'Validate mesh manifests',
          input: { goldenPath: 'tier-1', paths: ['deploy'] },
        },
      ],
    }),
  },
];
