import { Waiver } from '@meshpath/plugin-mesh-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MeshApi } from '../../api';
import {
  permissionsAllowing,
  renderForPayments,
} from '../../api/__testUtils__/meshTestApp';
import { Waivers } from './Waivers';

const inAMonth = new Date(Date.now() + 30 * 86400000).toISOString();

const pending: Waiver = {
  id: 'w-pending',
  entityRef: 'component:default/payments',
  ruleCode: 'MP1101',
  objectRef: 'Service/payments/payments',
  reason: 'Legacy client, migrating in Q1',
  status: 'pending',
  createdBy: 'user:default/alice',
  createdAt: '2026-11-20T00:00:00Z',
  expiresAt: inAMonth,
};
const approved: Waiver = {
  ...pending,
  id: 'w-approved',
  ruleCode: 'MP2001',
  objectRef: undefined,
  reason: 'Accepted risk',
  status: 'approved',
  decidedBy: 'user:default/bob',
  decidedAt: '2026-11-21T00:00:00Z',
};

function waiverApi(): Partial<MeshApi> & Record<string, jest.Mock> {
  let waivers = [pending, approved];
  return {
    listWaivers: jest.fn(async () => waivers),
    approveWaiver: jest.fn(async (_ref: string, id: string) => {
      waivers = waivers.map(w =>
        w.id === id
          ? {
              ...w,
              status: 'approved' as const,
              decidedBy: 'user:default/carol',
            }
          : w,
      );
      return waivers.find(w => w.id === id)!;
    }),
    rejectWaiver: jest.fn(),
    revokeWaiver: jest.fn(),
    getAudit: jest.fn(
      async (_ref: string, page?: { offset?: number; limit?: number }) => ({
        items: [
          {
            entityRef: 'component:default/payments',
            action: 'waiver.approve',
            actor: 'user:default/bob',
            details: { waiverId: 'w-approved' },
            occurredAt: '2026-11-21T00:00:00Z',
          },
        ],
        totalCount: 1,
        offset: page?.offset ?? 0,
        limit: page?.limit ?? 20,
      }),
    ),
  };
}

describe('Waivers', () => {
  it('lists pending and approved waivers with who and expiry, and lets an approver approve', async () => {
    const meshApi = waiverApi();
    const { entityRef } = await renderForPayments(
      ref => <Waivers entityRef={ref} />,
      {
        meshApi,
        permissions: permissionsAllowing([
          'mesh.waiver.approve',
          'mesh.waiver.manage',
        ]).api,
      },
    );

    const pendingRow = (
      await screen.findByText('Legacy client, migrating in Q1')
    ).closest('tr')!;
    expect(within(pendingRow).getByText('pending')).toBeInTheDocument();
    expect(
      within(pendingRow).getByText('user:default/alice'),
    ).toBeInTheDocument();
    expect(
      within(pendingRow).getByText(new Date(inAMonth).toLocaleDateString()),
    ).toBeInTheDocument();
    expect(
      within(pendingRow).getByRole('button', { name: 'Withdraw' }),
    ).toBeEnabled();
    const approvedRow = screen.getByText('Accepted risk').closest('tr')!;
    expect(within(approvedRow).getByText('approved')).toBeInTheDocument();
    expect(within(approvedRow).getByText('every object')).toBeInTheDocument();
    expect(
      within(approvedRow).getByText('user:default/bob'),
    ).toBeInTheDocument();
    expect(
      within(approvedRow).getByRole('button', { name: 'Revoke' }),
    ).toBeEnabled();

    await userEvent.click(
      within(pendingRow).getByRole('button', { name: 'Approve' }),
    );
    expect(meshApi.approveWaiver).toHaveBeenCalledWith(entityRef, 'w-pending');
    await waitFor(() =>
      expect(screen.getByText('user:default/carol')).toBeInTheDocument(),
    );
  });

  it('shows a user without the permissions why approve and revoke are disabled', async () => {
    const meshApi = waiverApi();
    await renderForPayments(ref => <Waivers entityRef={ref} />, {
      meshApi,
      permissions: permissionsAllowing([]).api,
    });

    const pendingRow = (
      await screen.findByText('Legacy client, migrating in Q1')
    ).closest('tr')!;
    const approve = within(pendingRow).getByRole('button', { name: 'Approve' });
    // Disabled yet focusable, so keyboard users reach it; the reason is its description and a tooltip.
    await waitFor(() =>
      expect(approve).toHaveAttribute('aria-disabled', 'true'),
    );
    expect(approve).toHaveAccessibleDescription(
      'Only approvers may approve or reject waivers (permission mesh.waiver.approve).',
    );
    await userEvent.click(approve);
    expect(meshApi.approveWaiver).not.toHaveBeenCalled();
    await userEvent.hover(approve);
    expect(
      await screen.findByRole('tooltip', {
        name: /Only approvers may approve/,
      }),
    ).toBeInTheDocument();
    const approvedRow = screen.getByText('Accepted risk').closest('tr')!;
    const revoke = within(approvedRow).getByRole('button', { name: 'Revoke' });
    expect(revoke).toHaveAttribute('aria-disabled', 'true');
    expect(revoke).toHaveAccessibleDescription(
      /You may not revoke waivers of this service/,
    );
  });

  it('pages the audit trail for a user who may read it, and says why not otherwise', async () => {
    const meshApi = waiverApi();
    const { entityRef } = await renderForPayments(
      ref => <Waivers entityRef={ref} />,
      {
        meshApi,
        permissions: permissionsAllowing(['mesh.audit.read']).api,
      },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show the audit trail' }),
    );
    expect(await screen.findByText('waiver.approve')).toBeInTheDocument();
    expect(screen.getByText('waiverId: w-approved')).toBeInTheDocument();
    expect(meshApi.getAudit).toHaveBeenCalledWith(entityRef, {
      offset: 0,
      limit: 20,
    });
  });

  it('tells a user without mesh.audit.read why the audit trail is hidden', async () => {
    const meshApi = waiverApi();
    await renderForPayments(ref => <Waivers entityRef={ref} />, {
      meshApi,
      permissions: permissionsAllowing([]).api,
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show the audit trail' }),
    );
    expect(
      await screen.findByText(/You may not read the audit log of this service/),
    ).toBeInTheDocument();
    expect(meshApi.getAudit).not.toHaveBeenCalled();
  });
});
