import { ResponseError } from '@backstage/errors';
import { EntityMeshState } from '@meshpath/plugin-mesh-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  permissionsAllowing,
  renderForPayments,
} from '../../api/__testUtils__/meshTestApp';
import { RefreshButton } from './RefreshButton';

const refreshedAt = '2026-11-30T21:00:00.000Z';

describe('RefreshButton', () => {
  it('refreshes, shows progress, then the new refresh time', async () => {
    let finish: (state: EntityMeshState) => void = () => {};
    const refreshEntity = jest.fn(
      () => new Promise<EntityMeshState>(resolve => (finish = resolve)),
    );
    const onRefreshed = jest.fn();
    const { entityRef } = await renderForPayments(
      <RefreshButton onRefreshed={onRefreshed} />,
      {
        meshApi: { refreshEntity },
        permissions: permissionsAllowing(['mesh.refresh']).api,
      },
    );
    const button = screen.getByRole('button', { name: 'Refresh now' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);

    expect(
      await screen.findByRole('button', { name: 'Refreshing…' }),
    ).toBeDisabled();
    expect(screen.getByRole('progressbar')).toBeInTheDocument();
    expect(refreshEntity).toHaveBeenCalledWith(entityRef);

    const state = { refreshedAt } as EntityMeshState;
    finish(state);
    expect(
      await screen.findByText(
        `Refreshed ${new Date(refreshedAt).toLocaleString()}`,
      ),
    ).toBeInTheDocument();
    expect(onRefreshed).toHaveBeenCalledWith(state);
  });

  it('says how long to wait when the backend answers 429 with Retry-After', async () => {
    const refreshEntity = jest.fn(async () => {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'TooManyRequestsError', message: 'slow down' },
          }),
          {
            status: 429,
            headers: {
              'Content-Type': 'application/json',
              'Retry-After': '42',
            },
          },
        ),
      );
    });
    await renderForPayments(<RefreshButton />, {
      meshApi: { refreshEntity },
      permissions: permissionsAllowing(['mesh.refresh']).api,
    });
    const button = screen.getByRole('button', { name: 'Refresh now' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(
      await screen.findByText('Refreshed moments ago; try again in 42 s.'),
    ).toBeInTheDocument();
  });

  it('shows a user without mesh.refresh why the button is disabled', async () => {
    const refreshEntity = jest.fn();
    await renderForPayments(<RefreshButton />, {
      meshApi: { refreshEntity },
      permissions: permissionsAllowing([]).api,
    });
    const button = screen.getByRole('button', { name: 'Refresh now' });
    await waitFor(() =>
      expect(button).toHaveAttribute('aria-disabled', 'true'),
    );
    expect(button).toHaveAccessibleDescription(
      'You may not refresh this service on demand (permission mesh.refresh).',
    );
    await userEvent.click(button);
    expect(refreshEntity).not.toHaveBeenCalled();
    await userEvent.hover(button);
    expect(
      await screen.findByRole('tooltip', { name: /permission mesh.refresh/ }),
    ).toBeInTheDocument();
  });
});
