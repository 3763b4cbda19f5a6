import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { paymentsState } from '../../__fixtures__/entityMeshState';
import { MeshApi, meshApiRef } from '../../api';
import { EntityMeshContent } from './EntityMeshContent';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'service' },
};

describe('EntityMeshContent', () => {
  it('asks for the entity by reference and shows its cards', async () => {
    const asked: string[] = [];
    const meshApi: Partial<MeshApi> = {
      getEntityState: async ref => {
        asked.push(ref);
        return paymentsState;
      },
    };
    renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityMeshContent />
      </EntityProvider>,
      { apis: [[meshApiRef, meshApi]] },
    );
    expect(
      await screen.findByText('Service level objectives'),
    ).toBeInTheDocument();
    expect(screen.getByText('Compliance')).toBeInTheDocument();
    expect(asked).toEqual(['component:default/payments']);
  });

  it('explains that there is no state before the first refresh', async () => {
    const meshApi: Partial<MeshApi> = { getEntityState: async () => undefined };
    renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityMeshContent />
      </EntityProvider>,
      { apis: [[meshApiRef, meshApi]] },
    );
    expect(await screen.findByText('No mesh state yet')).toBeInTheDocument();
  });
});
