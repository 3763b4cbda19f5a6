import { Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  meshWaiverApprovePermission,
  meshWaiverManagePermission,
  Waiver,
  WaiverStatus,
} from '@meshpath/plugin-mesh-common';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { meshApiRef } from '../../api';
import { useMeshPermission } from '../../hooks/useMeshPermission';
import { meshTranslationRef } from '../../translation';
import { backendMessage } from './backendMessage';
import { GuardedButton } from './GuardedButton';

const useStyles = makeStyles(theme => ({
  actions: { display: 'flex', gap: theme.spacing(1), flexWrap: 'wrap' },
  error: { color: theme.palette.error.dark },
}));

const statusKeys = {
  pending: 'waivers.statusPending',
  approved: 'waivers.statusApproved',
  rejected: 'waivers.statusRejected',
  revoked: 'waivers.statusRevoked',
} as const satisfies Record<WaiverStatus, string>;

/** Props of {@link WaiverList}. */
export interface WaiverListProps {
  entityRef: string;
  waivers: Waiver[];
  /** Called after a decision or revocation, to reload the list. */
  onChanged: () => void;
}

/** Every waiver of the entity with its status, who and expiry, and the actions the user may take. */
export const WaiverList = ({
  entityRef,
  waivers,
  onChanged,
}: WaiverListProps) => {
  const classes = useStyles();
  const { t } = useTranslationRef(meshTranslationRef);
  const meshApi = useApi(meshApiRef);
  const approve = useMeshPermission(meshWaiverApprovePermission, entityRef);
  const manage = useMeshPermission(meshWaiverManagePermission, entityRef);
  const [{ loading, error }, act] = useAsyncFn(
    async (action: 'approve' | 'reject' | 'revoke', waiverId: string) => {
      if (action === 'approve')
        await meshApi.approveWaiver(entityRef, waiverId);
      if (action === 'reject') await meshApi.rejectWaiver(entityRef, waiverId);
      if (action === 'revoke') await meshApi.revokeWaiver(entityRef, waiverId);
      onChanged();
    },
    [meshApi, entityRef, onChanged],
  );

  const columns: TableColumn<Waiver>[] = [
    { title: t('waivers.rule'), field: 'ruleCode' },
    {
      title: t('waivers.object'),
      render: w => w.objectRef ?? t('waivers.allObjects'),
    },
    {
      title: t('waivers.status'),
      render: w => {
        const expired =
          w.status === 'approved' && new Date(w.expiresAt) <= new Date();
        return (
          <Chip
            size="small"
            label={expired ? t('waivers.expired') : t(statusKeys[w.status])}
            color={w.status === 'approved' && !expired ? 'primary' : 'default'}
          />
        );
      },
    },
    { title: t('waivers.reason'), field: 'reason' },
    { title: t('waivers.requestedBy'), field: 'createdBy' },
    {
      title: t('waivers.decidedBy'),
      render: w => w.decidedBy ?? w.revokedBy ?? '',
    },
    {
      title: t('waivers.expires'),
      render: w => new Date(w.expiresAt).toLocaleDateString(),
    },
    {
      title: t('waivers.actions'),
      render: w => (
        <div className={classes.actions}>
          {w.status === 'pending' && (
            <>
              <GuardedButton
                allowed={approve.allowed}
                checking={approve.loading}
                deniedReason={t('waivers.noPermissionApprove')}
                busy={loading}
                size="small"
                color="primary"
                onClick={() => act('approve', w.id)}
              >
                {t('waivers.approve')}
              </GuardedButton>
              <GuardedButton
                allowed={approve.allowed}
                checking={approve.loading}
                deniedReason={t('waivers.noPermissionApprove')}
                busy={loading}
                size="small"
                onClick={() => act('reject', w.id)}
              >
                {t('waivers.reject')}
              </GuardedButton>
            </>
          )}
          {(w.status === 'pending' || w.status === 'approved') && (
            <GuardedButton
              allowed={manage.allowed}
              checking={manage.loading}
              deniedReason={t('waivers.noPermissionManage')}
              busy={loading}
              size="small"
              onClick={() => act('revoke', w.id)}
            >
              {w.status === 'pending'
                ? t('waivers.withdraw')
                : t('waivers.revoke')}
            </GuardedButton>
          )}
        </div>
      ),
    },
  ];

  return (
    <>
      {error && (
        <Typography role="alert" className={classes.error}>
          {backendMessage(error)}
        </Typography>
      )}
      <Table<Waiver>
        title={t('waivers.title')}
        // material-table's sort buttons nest in its header (axe: nested-interactive).
        options={{
          paging: false,
          search: false,
          padding: 'dense',
          sorting: false,
        }}
        columns={columns}
        data={waivers}
        emptyContent={
          <Typography variant="body2">{t('waivers.none')}</Typography>
        }
      />
    </>
  );
};
