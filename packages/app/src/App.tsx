import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import kubernetesPlugin from '@backstage/plugin-kubernetes/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import meshPlugin from '@meshpath/plugin-mesh/alpha';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    kubernetesPlugin,
    meshPlugin,
    signInModule,
  ],
});
