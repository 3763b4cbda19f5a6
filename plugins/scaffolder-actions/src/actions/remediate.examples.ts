import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description:
      "Fix a service's PERMISSIVE mTLS and missing route timeout in its declared manifests, then open a pull request with the change",
    example: stringify({
      steps: [
        {
          id: 'remediate',
          action: 'mesh:remediate',
          name: 'Fix the findings',
          input: {
            entityRef: 'component:default/payments',
            codes: ['MP2001', 'MP2005'],
            goldenPath: 'tier-2',
            manifestsPath: 'deploy/mesh',
          },
        },
      ],
    }),
  },
];
