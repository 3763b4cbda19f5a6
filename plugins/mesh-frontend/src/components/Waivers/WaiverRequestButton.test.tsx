import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MeshApi } from '../../api';
import {
  permissionsAllowing,
  renderForPayments,
} from '../../api/__testUtils__/meshTestApp';
import { asDateInput } from './expiry';
import { WaiverRequestButton } from './WaiverRequestButton';

const finding = {
  code: 'MP1101',
  object: {
    apiVersion: 'v1',
    kind: 'Service',
    namespace: 'payments',
    name: 'payments',
  },
};

const inDays = (days: number) =>
  asDateInput(new Date(Date.now() + days * 86400000));

async function openDialog() {
  await userEvent.click(
    await screen.findByRole('button', { name: 'Request a waiver' }),
  );
  return screen.findByRole('dialog');
}

describe('WaiverRequestButton', () => {
  it('shows a user without mesh.waiver.request why the button is disabled', async () => {
    await renderForPayments(<WaiverRequestButton finding={finding} />, {
      meshApi: {},
      permissions: permissionsAllowing([]).api,
    });
    const button = await screen.findByRole('button', {
      name: 'Request a waiver',
    });
    await waitFor(() =>
      expect(button).toHaveAttribute('aria-disabled', 'true'),
    );
    expect(button).toHaveAccessibleDescription(
      'You may not request waivers for this service (permission mesh.waiver.request); its owners can.',
    );
    await userEvent.click(button);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('asks for the permission on this entity', async () => {
    const permissions = permissionsAllowing(['mesh.waiver.request']);
    const { entityRef } = await renderForPayments(
      <WaiverRequestButton finding={finding} />,
      { meshApi: {}, permissions: permissions.api },
    );
    await waitFor(() =>
      expect(permissions.asked).toContainEqual({
        name: 'mesh.waiver.request',
        resourceRef: entityRef,
      }),
    );
  });

  it('requires a reason and an expiry within the bound, then requests the waiver of this object', async () => {
    const requestWaiver = jest.fn(async () => ({} as any));
    const { entityRef } = await renderForPayments(
      <WaiverRequestButton finding={finding} />,
      {
        meshApi: { requestWaiver } as Partial<MeshApi>,
        permissions: permissionsAllowing(['mesh.waiver.request']).api,
        config: { mesh: { waivers: { maxExpiryDays: 30 } } },
      },
    );
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Request a waiver' }),
      ).toBeEnabled(),
    );
    const dialog = await openDialog();
    expect(dialog).toHaveTextContent('For Service/payments/payments only');

    await userEvent.click(screen.getByRole('button', { name: 'Request' }));
    expect(screen.getByText('A reason is required.')).toBeInTheDocument();
    expect(screen.getByText('An expiry date is required.')).toBeInTheDocument();
    expect(requestWaiver).not.toHaveBeenCalled();

    await userEvent.type(
      screen.getByRole('textbox', { name: /Reason/ }),
      'Legacy client, migrating in Q1',
    );
    const expiry = screen.getByLabelText(/Expires on/);
    expect(expiry).toHaveAttribute('max', inDays(30));
    fireEvent.change(expiry, { target: { value: inDays(45) } });
    await userEvent.click(screen.getByRole('button', { name: 'Request' }));
    expect(
      screen.getByText('The expiry may be at most 30 days away.'),
    ).toBeInTheDocument();
    expect(requestWaiver).not.toHaveBeenCalled();

    fireEvent.change(expiry, { target: { value: inDays(20) } });
    await userEvent.click(screen.getByRole('button', { name: 'Request' }));
    await waitFor(() => expect(requestWaiver).toHaveBeenCalled());
    expect(requestWaiver).toHaveBeenCalledWith(entityRef, {
      ruleCode: 'MP1101',
      objectRef: 'Service/payments/payments',
      reason: 'Legacy client, migrating in Q1',
      expiresAt: expect.any(String),
    });
    const [, { expiresAt }] = requestWaiver.mock.calls[0] as any;
    const days = (new Date(expiresAt).getTime() - Date.now()) / 86400000;
    expect(days).toBeGreaterThan(18);
    expect(days).toBeLessThanOrEqual(20);
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it("shows the backend's message when it refuses the expiry (400)", async () => {
    const message =
      'expiresAt must be at most 14 days away (2026-12-14T00:00:00.000Z)';
    const requestWaiver = jest.fn(async () => {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'InputError', message },
            response: { statusCode: 400 },
          }),
          { status: 400, headers: { 'Content-Type': 'application/json' } },
        ),
      );
    });
    await renderForPayments(<WaiverRequestButton finding={finding} />, {
      meshApi: { requestWaiver } as Partial<MeshApi>,
      permissions: permissionsAllowing(['mesh.waiver.request']).api,
    });
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Request a waiver' }),
      ).toBeEnabled(),
    );
    await openDialog();
    await userEvent.type(
      screen.getByRole('textbox', { name: /Reason/ }),
      'Accepted risk',
    );
    fireEvent.change(screen.getByLabelText(/Expires on/), {
      target: { value: inDays(60) },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Request' }));
    // The backend's own words, not "Request failed with status 400".
    expect(await screen.findByRole('alert')).toHaveTextContent(
      new RegExp(`^${message.replace(/[().]/g, '\\$&')}$`),
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });
});
