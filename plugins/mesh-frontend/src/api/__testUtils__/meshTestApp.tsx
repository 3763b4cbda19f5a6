import { Entity } from '@backstage/catalog-model';
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
import { ReactNode } from 'react';
import { MeshApi, meshApiRef } from '../MeshApi';

/** The payments service, as the catalog serves it. */
export const paymentsEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:payments-team',
    lifecycle: 'production',
  },
};

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

/** Renders a Mesh component for the payments entity with a fake Mesh API, permissions and config. */
export function renderForPayments(
  node: ReactNode,
  options: {
    meshApi: Partial<MeshApi>;
    permissions?: PermissionApi;
    config?: NonNullable<Parameters<typeof mockApis.config>[0]>['data'];
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [meshApiRef, options.meshApi],
        [permissionApiRef, options.permissions ?? permissionsAllowing([]).api],
        [configApiRef, mockApis.config({ data: options.config ?? {} })],
      ]}
    >
      <EntityProvider entity={paymentsEntity}>{node}</EntityProvider>
    </TestApiProvider>,
  );
}
