import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { DriftDetail } from '@meshpath/plugin-mesh-common';
import { paymentsState } from '../../__fixtures__/entityMeshState';
import { DriftCard } from './DriftCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    annotations: {
      'backstage.io/managed-by-location':
        'url:https://github.com/acme/payments/blob/main/catalog-info.yaml',
      'meshpath.io/manifests': 'deploy/mesh',
    },
  },
  spec: {},
};

const render = (drift: DriftDetail | undefined) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <DriftCard drift={drift} />
    </EntityProvider>,
  );

describe('DriftCard', () => {
  it('puts the differing fields side by side, with the file and line in Git', async () => {
    await render(paymentsState.drift);
    expect(screen.getByText('3 objects differ from Git.')).toBeInTheDocument();
    const table = screen.getByRole('table', {
      name: 'VirtualService payments/payments (prod-eu)',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows[0]).toHaveTextContent('PathIn GitLive');
    expect(rows[1]).toHaveTextContent('spec.http[0].timeout"2s""10s"');
    expect(rows[2]).toHaveTextContent(
      'spec.http[0].retries{"attempts":3}(absent)',
    );
    expect(
      screen.getByText('1 more differing field not shown'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^virtualservice\.yaml:3/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/payments/blob/main/deploy/mesh/virtualservice.yaml#L3',
    );
    expect(screen.getByText('Declared in Git, not live')).toBeInTheDocument();
    expect(screen.getByText('Live, not declared in Git')).toBeInTheDocument();
  });

  it('tells no manifests, compared nowhere and in sync apart', async () => {
    const { unmount } = await render(undefined);
    expect(
      screen.getByText(/declares no manifests folder/),
    ).toBeInTheDocument();
    unmount();
    const base = paymentsState.drift!;
    const nowhere = await render({ ...base, clusters: [] });
    expect(screen.getByText(/not compared/)).toBeInTheDocument();
    nowhere.unmount();
    await render({
      ...base,
      differing: [],
      declaredNotLive: [],
      liveNotDeclared: [],
    });
    expect(screen.getByText('What runs matches Git.')).toBeInTheDocument();
  });
});
