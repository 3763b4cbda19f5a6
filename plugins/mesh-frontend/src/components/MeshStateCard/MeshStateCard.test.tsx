import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import {
  paymentsState,
  paymentsWorkload,
} from '../../__fixtures__/entityMeshState';
import { MeshStateCard } from './MeshStateCard';

describe('MeshStateCard', () => {
  it('shows mTLS, callers, canaries, drift and the sources that failed', async () => {
    renderInTestApp(<MeshStateCard state={paymentsState} />);

    expect(await screen.findByText('STRICT')).toBeInTheDocument();
    expect(
      screen.getByText('from principals cluster.local/ns/orders/sa/orders'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Progressing \(20% canary\)/)).toBeInTheDocument();
    expect(screen.getByText(/1 live but not declared/)).toBeInTheDocument();
    expect(
      screen.getByText(/cluster:prod-us: timed out after 10s/),
    ).toBeInTheDocument();
  });

  it('says that any workload may call a service without AuthorizationPolicy', async () => {
    renderInTestApp(
      <MeshStateCard
        state={{
          ...paymentsState,
          clusters: [
            {
              ...paymentsState.clusters[0],
              workloads: [paymentsWorkload('no-policy')],
            },
          ],
          errors: [],
        }}
      />,
    );
    expect(
      await screen.findByText('any workload in the mesh'),
    ).toBeInTheDocument();
  });

  it('says anyone may call behind an allow-all policy, not nobody', async () => {
    renderInTestApp(
      <MeshStateCard
        state={{
          ...paymentsState,
          clusters: [
            {
              ...paymentsState.clusters[0],
              workloads: [paymentsWorkload('allow-all')],
            },
          ],
          errors: [],
        }}
      />,
    );
    expect(
      await screen.findByText('anyone (an ALLOW policy matches every request)'),
    ).toBeInTheDocument();
    expect(screen.queryByText('nobody (deny all)')).toBeNull();
  });

  it('does not claim anyone may call a service when no live object was found', async () => {
    renderInTestApp(
      <MeshStateCard
        state={{
          ...paymentsState,
          objects: [],
          clusters: [],
          errors: [],
        }}
      />,
    );
    expect(
      await screen.findByText('unknown: no live objects found'),
    ).toBeInTheDocument();
    expect(screen.queryByText('any workload in the mesh')).toBeNull();
    expect(screen.getByText('none found')).toBeInTheDocument();
    expect(screen.getByText('mTLS')).toBeInTheDocument();
  });
});
