import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { configApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { RenderResult } from '@testing-library/react';
import { ReactNode } from 'react';
import { MeshApi, meshApiRef } from '../MeshApi';

let renders = 0;

/**
 * The payments service, as the catalog serves it, in a namespace of its own
 * per render: usePermission caches decisions per entity for the whole test file.
 */
export function paymentsEntity(): Entity {
  renders += 1;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: `test-${renders}` },
    spec: {
      type: 'service',
      owner: 'group:payments-team',
      lifecycle: 'production',
    },
  };
}

/** A permission API that allows exactly the named permissions, and records what was asked. */
export function permissionsAllowing(allowed: string[]) {
  const asked: Array<{ name: string; resourceRef?: string }> = [];
  const api: PermissionApi = {
    authorize: async request => {
      const permission = request.permission;
      asked.push({
        name: permission.name,
        resourceRef: (request as { resourceRef?: string }).resourceRef,
      });
      const result = allowed.includes(permission.name) ? 'ALLOW' : 'DENY';
      return { result } as Awaited<ReturnType<PermissionApi['authorize']>>;
    },
  };
  return { api, asked };
}

/**
 * Renders a Mesh component for a fresh payments entity with a fake Mesh API,
 * permissions and config; resolves to the entity ref it used.
 */
export async function renderForPayments(
  node: ReactNode | ((entityRef: string) => ReactNode),
  options: {
    meshApi: Partial<MeshApi>;
    permissions?: PermissionApi;
    config?: NonNullable<Parameters<typeof mockApis.config>[0]>['data'];
  },
): Promise<RenderResult & { entityRef: string }> {
  const entity = paymentsEntity();
  const entityRef = stringifyEntityRef(entity);
  const result = await renderInTestApp(
    <TestApiProvider
      apis={[
        [meshApiRef, options.meshApi],
        [permissionApiRef, options.permissions ?? permissionsAllowing([]).api],
        [configApiRef, mockApis.config({ data: options.config ?? {} })],
      ]}
    >
      <EntityProvider entity={entity}>
        {typeof node === 'function' ? node(entityRef) : node}
      </EntityProvider>
    </TestApiProvider>,
  );
  return { ...result, entityRef };
}
