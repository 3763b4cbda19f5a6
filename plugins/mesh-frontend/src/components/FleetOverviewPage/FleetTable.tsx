import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { FleetPage } from '@meshpath/plugin-mesh-common';
import { MeshStatus } from '../MeshStatus';

/** One page of the fleet; the backend pages, so 10,000 services stay cheap. */
export const FleetTable = (props: {
  page: FleetPage;
  onPageChange: (offset: number) => void;
}) => {
  const { page, onPageChange } = props;
  return (
    <Paper>
      <Typography variant="h6" style={{ padding: 16 }}>
        Services in the mesh ({page.totalCount})
      </Typography>
      <Table size="small" aria-label="Services in the mesh">
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            <TableCell>Owner</TableCell>
            <TableCell>System</TableCell>
            <TableCell>Namespace</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Refreshed</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {page.items.length === 0 && (
            <TableRow>
              <TableCell colSpan={6}>
                No service matches, or none has been refreshed yet.
              </TableCell>
            </TableRow>
          )}
          {page.items.map(row => (
            <TableRow key={row.entityRef}>
              <TableCell>
                <EntityRefLink entityRef={row.entityRef} />
              </TableCell>
              <TableCell>{row.owner ?? ''}</TableCell>
              <TableCell>{row.system ?? ''}</TableCell>
              <TableCell>{row.namespace ?? ''}</TableCell>
              <TableCell>
                <MeshStatus status={row.status} />
              </TableCell>
              <TableCell>
                {new Date(row.refreshedAt).toLocaleString()}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={page.totalCount}
        page={Math.floor(page.offset / page.limit)}
        rowsPerPage={page.limit}
        rowsPerPageOptions={[page.limit]}
        onPageChange={(_, pageIndex) => onPageChange(pageIndex * page.limit)}
      />
    </Paper>
  );
};
