import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  CatalogFilterLayout,
  EntityListProvider,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import { startTransition, useMemo, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { FleetFilters } from '../../api';
import { useFleet, useFleetTeams, useFleetTrend } from '../../hooks/useFleet';
import { meshTranslationRef } from '../../translation';
import { FleetCatalogFilters, useCatalogFleetFilters } from './catalogFilters';
import { ExportCsvButton } from './ExportCsvButton';
import { FleetFilterPanel, MeshFilters } from './FleetFilterPanel';
import { FRAMEWORKS, maturityLevelsOf } from './fleetOptions';
import { FleetOrder, FleetTable } from './FleetTable';
import { FleetTrendCard } from './FleetTrendCard';
import { TeamRollupCard } from './TeamRollupCard';
import { UnreadClustersBanner } from './UnreadClustersBanner';

const PAGE_SIZE = 25;

const useStyles = makeStyles(theme => ({
  actions: { display: 'flex', gap: theme.spacing(2), alignItems: 'center' },
  framework: { minWidth: 160 },
}));

const FleetOverview = () => {
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  const config = useApi(configApiRef);
  const levels = useMemo(() => maturityLevelsOf(config), [config]);
  const { updateFilters } = useEntityList<FleetCatalogFilters>();
  const catalogFilters = useCatalogFleetFilters();

  const [meshFilters, setMeshFilters] = useState<MeshFilters>({});
  const [appliedMesh, setAppliedMesh] = useState<MeshFilters>({});
  const [order, setOrder] = useState<FleetOrder>({
    sort: 'status',
    order: 'desc',
  });
  const [scoreFramework, setScoreFramework] = useState<string>(FRAMEWORKS[0]);
  const [offset, setOffset] = useState(0);
  useDebounce(
    // A transition keeps the table on screen while the next page loads.
    () =>
      startTransition(() => {
        setAppliedMesh(meshFilters);
        setOffset(0);
      }),
    300,
    [meshFilters],
  );

  const filters: FleetFilters = { ...catalogFilters, ...appliedMesh };
  const sorting = {
    ...order,
    ...(order.sort === 'compliance' ? { sortFramework: scoreFramework } : {}),
  };
  const fleet = useFleet({
    ...filters,
    ...sorting,
    offset,
    limit: PAGE_SIZE,
  });
  const teams = useFleetTeams(filters);
  const trend = useFleetTrend(filters, scoreFramework);
  const filtered = Object.values(filters).some(v => v !== undefined);

  const clearFilters = () => {
    setMeshFilters({});
    updateFilters({
      owners: undefined,
      lifecycles: undefined,
      systems: undefined,
    });
  };

  const actions = (
    <div className={classes.actions}>
      <TextField
        id="mesh-fleet-score-framework"
        className={classes.framework}
        select
        size="small"
        label={t('fleet.filters.scoreFramework')}
        value={scoreFramework}
        onChange={e => setScoreFramework(e.target.value as string)}
      >
        {FRAMEWORKS.map(f => (
          <MenuItem key={f} value={f}>
            {f}
          </MenuItem>
        ))}
      </TextField>
      <ExportCsvButton query={{ ...filters, ...sorting }} />
    </div>
  );

  let table;
  if (fleet.error) {
    table = <ResponseErrorPanel error={fleet.error} />;
  } else if (!fleet.value) {
    table = <Progress />;
  } else if (fleet.value.totalCount === 0 && !filtered) {
    table = (
      <EmptyState
        missing="data"
        title={t('fleet.empty.title')}
        description={t('fleet.empty.description')}
      />
    );
  } else if (fleet.value.totalCount === 0) {
    table = (
      <EmptyState
        missing="data"
        title={t('fleet.filteredOut.title')}
        description={t('fleet.filteredOut.description')}
        action={
          <Button variant="contained" color="primary" onClick={clearFilters}>
            {t('fleet.filteredOut.clear')}
          </Button>
        }
      />
    );
  } else {
    table = (
      <FleetTable
        page={fleet.value}
        order={order}
        framework={scoreFramework}
        actions={actions}
        onSortBy={field =>
          startTransition(() => {
            // From the pending order: a second click before the first rendered still flips it.
            setOrder(previous => ({
              sort: field,
              order:
                previous.sort === field && previous.order === 'asc'
                  ? 'desc'
                  : 'asc',
            }));
            setOffset(0);
          })
        }
        onPageChange={next => startTransition(() => setOffset(next))}
      />
    );
  }

  return (
    <CatalogFilterLayout>
      <CatalogFilterLayout.Filters>
        <FleetFilterPanel
          filters={meshFilters}
          onChange={setMeshFilters}
          levels={levels}
        />
      </CatalogFilterLayout.Filters>
      <CatalogFilterLayout.Content>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <UnreadClustersBanner />
          </Grid>
          <Grid item xs={12}>
            {table}
          </Grid>
          <Grid item xs={12} lg={7}>
            <TeamRollupCard
              teams={teams.value}
              loading={teams.loading}
              error={teams.error}
              levels={levels}
            />
          </Grid>
          <Grid item xs={12} lg={5}>
            <FleetTrendCard
              framework={scoreFramework}
              trend={trend.value}
              loading={trend.loading}
              error={trend.error}
            />
          </Grid>
        </Grid>
      </CatalogFilterLayout.Content>
    </CatalogFilterLayout>
  );
};

/**
 * The fleet page for platform engineers and teams: which services need
 * attention, sorted and filtered with the catalog's own pickers, each team's
 * levels and worst findings, and whether the fleet is getting better.
 */
export const FleetOverviewPage = () => {
  const { t } = useTranslationRef(meshTranslationRef);
  return (
    <Page themeId="tool">
      <Header title={t('fleet.title')} subtitle={t('fleet.subtitle')} />
      <Content>
        {/* The pickers need the entity list; one entity per page keeps its own query small. */}
        <EntityListProvider pagination={{ mode: 'offset', limit: 1 }}>
          <FleetOverview />
        </EntityListProvider>
      </Content>
    </Page>
  );
};
