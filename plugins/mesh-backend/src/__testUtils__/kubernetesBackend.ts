import {
  DiscoveryService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { spawn } from 'child_process';
import {
  FakeCluster,
  FakeKubernetes,
  startFakeKubernetes,
} from './fakeKubernetes';

/** The real Kubernetes backend, running in a child process. */
export interface RunningKubernetesBackend {
  discovery: DiscoveryService;
  stop(): Promise<void>;
}

/** Starts the Kubernetes backend plugin with the given app-config `kubernetes` section and catalog entities. */
async function startKubernetesBackend(options: {
  kubernetes: unknown;
  entities: unknown[];
}): Promise<RunningKubernetesBackend> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      resolvePackagePath(
        '@meshpath/plugin-mesh-backend',
        'src/__testUtils__/runKubernetesBackend.ts',
      ),
    ],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        MESHPATH_K8S_CONFIG: JSON.stringify({
          config: { kubernetes: options.kubernetes },
          entities: options.entities,
        }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // A test runner that exits abruptly must not leave the backend behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let stderr = '';
  child.stderr.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new Error(`Kubernetes backend did not start: ${stderr}`)),
      60_000,
    );
    child.stdout.on('data', chunk => {
      stdout += chunk;
      const match = /PORT (\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`Kubernetes backend exited with ${code}: ${stderr}`));
    });
  });
  const baseUrl = async (pluginId: string) =>
    `http://127.0.0.1:${port}/api/${pluginId}`;
  return {
    discovery: { getBaseUrl: baseUrl, getExternalBaseUrl: baseUrl },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Fake clusters (the list-API stand-in) behind the real Kubernetes backend,
 * which lists each with its own service-account token (`token-of-<name>`).
 */
export async function startFakeClusters(
  clusters: Record<string, FakeCluster>,
): Promise<{
  kubernetes: FakeKubernetes;
  backend: RunningKubernetesBackend;
  stop(): Promise<void>;
}> {
  const kubernetes = await startFakeKubernetes(clusters);
  const backend = await startKubernetesBackend({
    entities: [],
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: Object.keys(clusters).map(name => ({
            name,
            url: kubernetes.clusterUrl(name),
            authProvider: 'serviceAccount',
            serviceAccountToken: `token-of-${name}`,
          })),
        },
      ],
    },
  });
  return {
    kubernetes,
    backend,
    stop: async () => {
      await backend.stop();
      await kubernetes.close();
    },
  };
}
