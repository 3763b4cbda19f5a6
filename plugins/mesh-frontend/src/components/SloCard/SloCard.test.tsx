import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { paymentsState } from '../../__fixtures__/entityMeshState';
import { SloCard } from './SloCard';

describe('SloCard', () => {
  it('shows measured SLOs as numbers and unmeasured ones as unknown with the reason', async () => {
    renderInTestApp(<SloCard slos={paymentsState.slos} />);

    expect(await screen.findByText(/SLI now: 99.930%/)).toBeInTheDocument();
    expect(screen.getByText(/Error budget left: 42.000%/)).toBeInTheDocument();
    expect(
      screen.getByText(/Latency: 99% of requests under 250 ms/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /SLI now: unknown \(Prometheus unreachable; last good value/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/page at 14.4× over 1h and 5m: quiet/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/page at 14.4× over 1h and 5m: unknown/),
    ).toBeInTheDocument();
  });

  it('invites the team to declare an SLO when there is none', async () => {
    renderInTestApp(<SloCard slos={[]} />);
    expect(await screen.findByText(/No SLO is declared/)).toBeInTheDocument();
  });
});
