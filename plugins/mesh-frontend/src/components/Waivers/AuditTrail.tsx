import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Typography from '@material-ui/core/Typography';
import {
  AuditEntry,
  meshAuditReadPermission,
} from '@meshpath/plugin-mesh-common';
import { useState } from 'react';
import { useAuditLog } from '../../hooks/useAuditLog';
import { useMeshPermission } from '../../hooks/useMeshPermission';
import { meshTranslationRef } from '../../translation';

const PAGE_SIZE = 20;

/** Props of {@link AuditTrail}. */
export interface AuditTrailProps {
  entityRef: string;
}

/** Who requested, approved, rejected and revoked the entity's waivers, newest first, a page at a time. */
export const AuditTrail = ({ entityRef }: AuditTrailProps) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const permission = useMeshPermission(meshAuditReadPermission, entityRef);
  const [page, setPage] = useState(0);
  const { value, loading, error } = useAuditLog(
    entityRef,
    { offset: page * PAGE_SIZE, limit: PAGE_SIZE },
    permission.allowed,
  );

  if (permission.loading) {
    return (
      <Typography variant="body2">{t('waivers.checkingPermission')}</Typography>
    );
  }
  if (!permission.allowed) {
    return (
      <Typography variant="body2">{t('waivers.noPermissionAudit')}</Typography>
    );
  }
  if (error) return <ResponseErrorPanel error={error} />;

  const columns: TableColumn<AuditEntry>[] = [
    {
      title: t('waivers.auditWhen'),
      render: e => new Date(e.occurredAt).toLocaleString(),
    },
    { title: t('waivers.auditAction'), field: 'action' },
    { title: t('waivers.auditActor'), field: 'actor' },
    {
      title: t('waivers.auditDetails'),
      render: e =>
        Object.entries(e.details)
          .map(([key, detail]) => `${key}: ${String(detail)}`)
          .join(', '),
    },
  ];

  return (
    <Table<AuditEntry>
      title={t('waivers.audit')}
      isLoading={loading}
      columns={columns}
      data={value?.items ?? []}
      page={page}
      totalCount={value?.totalCount ?? 0}
      onPageChange={setPage}
      options={{
        paging: true,
        pageSize: PAGE_SIZE,
        pageSizeOptions: [PAGE_SIZE],
        search: false,
        padding: 'dense',
        // Newest first already; material-table's sort buttons nest (axe: nested-interactive).
        sorting: false,
      }}
      emptyContent={
        <Typography variant="body2">{t('waivers.auditEmpty')}</Typography>
      }
    />
  );
};
