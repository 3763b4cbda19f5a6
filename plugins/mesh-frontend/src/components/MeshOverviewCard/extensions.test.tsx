import {
  createExtensionTester,
  renderInTestApp as renderInNewTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { entityMeshOverviewCard } from '../../alpha';
import { MeshApi, meshApiRef } from '../../api';
import {
  paymentsEntity,
  permissionsAllowing,
} from '../../api/__testUtils__/meshTestApp';
import { EntityMeshOverviewCard } from '../../plugin';

const meshApi: Partial<MeshApi> = { getEntityState: async () => undefined };

describe('the Overview card in both frontend systems', () => {
  it('is an info card for components in the new frontend system, and renders', async () => {
    const tester = createExtensionTester(entityMeshOverviewCard);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
    const shownOn = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(shownOn(paymentsEntity())).toBe(true);
    expect(shownOn({ ...paymentsEntity(), kind: 'System' })).toBe(false);

    renderInNewTestApp(
      <EntityProvider entity={paymentsEntity()}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [
          [meshApiRef, meshApi],
          [permissionApiRef, permissionsAllowing([]).api],
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(await screen.findByText('Not refreshed yet.')).toBeInTheDocument();
  });

  it('renders as the legacy EntityMeshOverviewCard export', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [meshApiRef, meshApi],
          [permissionApiRef, permissionsAllowing([]).api],
        ]}
      >
        <EntityProvider entity={paymentsEntity()}>
          <EntityMeshOverviewCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('Not refreshed yet.')).toBeInTheDocument();
    expect(screen.getByText('Service mesh')).toBeInTheDocument();
  });
});
