/*
 * Starts the real Kubernetes backend plugin in its own Node process.
 * It imports `@kubernetes/client-node` (ESM) dynamically, which jest's VM cannot do,
 * so tests run it here and talk to it over HTTP. Config comes as JSON in MESHPATH_K8S_CONFIG.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';

async function main() {
  const { config, entities } = JSON.parse(process.env.MESHPATH_K8S_CONFIG!);
  const backend = await startTestBackend({
    features: [
      kubernetesPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  process.stdout.write(`PORT ${backend.server.port()}\n`);
  process.on('SIGTERM', () => {
    backend.stop().finally(() => process.exit(0));
  });
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
