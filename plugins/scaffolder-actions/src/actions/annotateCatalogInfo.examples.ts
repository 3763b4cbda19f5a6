import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Point the service page at the mesh manifests the onboarding wrote',
    example: stringify({
      steps: [
        {
          id: 'annotate',
          action: 'mesh:catalog:annotate',
          name: 'Annotate catalog-info.yaml',
          input: {
            manifestsPath: 'deploy/mesh',
            goldenPath: 'tier-1',
            kubernetesId: 'payments',
            namespace: 'payments',
          },
        },
      ],
    }),
  },
];
