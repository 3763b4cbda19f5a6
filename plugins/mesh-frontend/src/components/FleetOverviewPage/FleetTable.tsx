import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { FleetEntry, FleetPage } from '@meshpath/plugin-mesh-common';
import { MeshStatus } from '../MeshStatus';

const columns: TableColumn<FleetEntry>[] = [
  {
    title: 'Service',
    field: 'entityRef',
    render: row => <EntityRefLink entityRef={row.entityRef} />,
  },
  { title: 'Owner', field: 'owner' },
  { title: 'System', field: 'system' },
  { title: 'Namespace', field: 'namespace' },
  {
    title: 'Status',
    field: 'status',
    render: row => <MeshStatus status={row.status} />,
  },
  {
    title: 'Refreshed',
    field: 'refreshedAt',
    render: row => new Date(row.refreshedAt).toLocaleString(),
  },
];

/** One page of the fleet, paged by the backend. */
export const FleetTable = (props: {
  page: FleetPage;
  onPageChange: (offset: number) => void;
}) => {
  const { page, onPageChange } = props;
  return (
    <Table<FleetEntry>
      title={`Services in the mesh (${page.totalCount})`}
      options={{
        search: false,
        paging: true,
        pageSize: page.limit,
        pageSizeOptions: [page.limit],
        padding: 'dense',
      }}
      columns={columns}
      data={page.items}
      page={Math.floor(page.offset / page.limit)}
      totalCount={page.totalCount}
      onPageChange={pageIndex => onPageChange(pageIndex * page.limit)}
      emptyContent={
        <div style={{ padding: 16 }}>
          No service matches, or none has been refreshed yet.
        </div>
      }
    />
  );
};
