import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { startTransition, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { FleetQuery, meshApiRef } from '../../api';
import { FleetTable } from './FleetTable';

const pageSize = 25;
const statuses = ['', 'ok', 'warning', 'critical', 'unknown'];

/** The fleet overview for platform engineers: every service's mesh status, filterable. */
export const FleetOverviewPage = () => {
  const meshApi = useApi(meshApiRef);
  const [filters, setFilters] = useState<FleetQuery>({});
  const [applied, setApplied] = useState<FleetQuery>({});
  const [offset, setOffset] = useState(0);
  useDebounce(
    () =>
      // A transition keeps the table on screen while the next page loads.
      startTransition(() => {
        setApplied(filters);
        setOffset(0);
      }),
    300,
    [filters],
  );

  const {
    value: fleet,
    loading,
    error,
  } = useAsync(
    () => meshApi.getFleet({ ...applied, offset, limit: pageSize }),
    [meshApi, applied, offset],
  );

  const filterField = (
    key: 'owner' | 'system' | 'namespace',
    label: string,
  ) => (
    <TextField
      id={`mesh-fleet-${key}`}
      label={label}
      value={filters[key] ?? ''}
      onChange={e =>
        setFilters({ ...filters, [key]: e.target.value || undefined })
      }
    />
  );

  return (
    <Page themeId="tool">
      <Header
        title="Service mesh"
        subtitle="Mesh, SLO and compliance state of the catalog's services"
      />
      <Content>
        <Grid container spacing={2}>
          <Grid item>{filterField('owner', 'Owner')}</Grid>
          <Grid item>{filterField('system', 'System')}</Grid>
          <Grid item>{filterField('namespace', 'Namespace')}</Grid>
          <Grid item>
            <TextField
              id="mesh-fleet-status"
              select
              label="Status"
              style={{ minWidth: 120 }}
              value={filters.status ?? ''}
              onChange={e =>
                setFilters({
                  ...filters,
                  status: (e.target.value || undefined) as FleetQuery['status'],
                })
              }
            >
              {statuses.map(status => (
                <MenuItem key={status} value={status}>
                  {status || 'any'}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid item xs={12}>
            {loading && !fleet && <Progress />}
            {error && <ResponseErrorPanel error={error} />}
            {fleet && (
              <FleetTable
                page={fleet}
                onPageChange={next => startTransition(() => setOffset(next))}
              />
            )}
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
};
