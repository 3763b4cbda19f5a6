import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { MeshContext, MeshContextSource } from './meshContext';

/**
 * Reads the live mesh around a service from the mesh backend
 * (`GET /api/mesh/mesh-context`) with the scaffolder's own service token.
 */
export function meshContextFromBackend(deps: {
  discovery: DiscoveryService;
  auth: AuthService;
  timeoutMs?: number;
}): MeshContextSource {
  return async ({ namespaces }) => {
    const baseUrl = await deps.discovery.getBaseUrl('mesh');
    const { token } = await deps.auth.getPluginRequestToken({
      onBehalfOf: await deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'mesh',
    });
    const query = namespaces
      .map(namespace => `namespace=${encodeURIComponent(namespace)}`)
      .join('&');
    const response = await fetch(
      `${baseUrl}/mesh-context${query ? `?${query}` : ''}`,
      {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      },
    );
    if (!response.ok)
      throw new Error(
        `the mesh backend answered ${response.status} ${response.statusText}`,
      );
    return (await response.json()) as MeshContext;
  };
}
