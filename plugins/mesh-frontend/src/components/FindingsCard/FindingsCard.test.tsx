import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { paymentsState } from '../../__fixtures__/entityMeshState';
import { FindingsCard } from './FindingsCard';

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

const findings = paymentsState.compliance.findings;

describe('FindingsCard', () => {
  it('counts open findings in words, plural-aware, before the table', async () => {
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <FindingsCard findings={findings} />
      </EntityProvider>,
    );
    expect(screen.getByText('1 open finding · 1 waived')).toBeInTheDocument();
  });

  it('links the istioctl and Kiali references, the rule documentation and the file in Git', async () => {
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <FindingsCard findings={findings} />
      </EntityProvider>,
    );
    expect(
      screen.getByRole('link', { name: /^istioctl analyze IST0101/ }),
    ).toHaveAttribute(
      'href',
      'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
    );
    expect(
      screen.getByRole('link', { name: /^Kiali KIA1101/ }),
    ).toHaveAttribute('href', 'https://kiali.io/docs/features/validations/');
    expect(
      screen.getByRole('link', { name: /^Rule documentation MP2005/ }),
    ).toHaveAttribute('href', 'https://meshpath.example/docs/rules/MP2005');
    expect(
      screen.getByRole('link', { name: /^virtualservice\.yaml:3/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/payments/blob/main/deploy/mesh/virtualservice.yaml#L3',
    );
    expect(
      screen.getByText('VirtualService payments/payments (prod-eu)'),
    ).toBeInTheDocument();
    expect(screen.getByText('Set spec.http[].timeout')).toBeInTheDocument();
  });

  it('offers the waiver action on open findings only; waived ones say so', async () => {
    const asked: string[] = [];
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <FindingsCard
          findings={findings}
          renderWaiverAction={f => {
            asked.push(f.code);
            return <button type="button">Request a waiver for {f.code}</button>;
          }}
        />
      </EntityProvider>,
    );
    expect(
      screen.getByRole('button', { name: 'Request a waiver for MP2005' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('MP2004 waived')).toBeInTheDocument();
    expect([...new Set(asked)]).toEqual(['MP2005']);
  });

  it('says there is nothing to fix without open findings', async () => {
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <FindingsCard findings={[]} />
      </EntityProvider>,
    );
    expect(screen.getByText('No open findings.')).toBeInTheDocument();
  });
});
