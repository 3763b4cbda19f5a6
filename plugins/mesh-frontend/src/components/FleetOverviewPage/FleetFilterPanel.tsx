import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  EntityAutocompletePicker,
  EntityKindPicker,
  EntityLifecyclePicker,
  EntityOwnerPicker,
} from '@backstage/plugin-catalog-react';
import MenuItem from '@material-ui/core/MenuItem';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import { FleetFilters } from '../../api';
import { meshTranslationRef } from '../../translation';
import { EntitySystemFilter, FleetCatalogFilters } from './catalogFilters';
import { FRAMEWORKS, MaturityLevelOption } from './fleetOptions';

const useStyles = makeStyles(theme => ({
  field: { marginBottom: theme.spacing(2) },
  // Primary text: the secondary grey falls short of 4.5:1 on the page (axe: color-contrast).
  label: { color: theme.palette.text.primary },
}));

/** The mesh's own filters; the catalog's pickers keep theirs in the entity list. */
export type MeshFilters = Pick<
  FleetFilters,
  'namespace' | 'cluster' | 'status' | 'framework' | 'level'
>;

const STATUSES = ['ok', 'warning', 'critical', 'unknown'] as const;

/**
 * The fleet's filters: owner, lifecycle and system with the catalog's own
 * pickers, then namespace, cluster, status, failing framework and level.
 */
export const FleetFilterPanel = (props: {
  filters: MeshFilters;
  onChange: (filters: MeshFilters) => void;
  levels: MaturityLevelOption[];
}) => {
  const { filters, onChange, levels } = props;
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();

  const text = (key: 'namespace' | 'cluster') => (
    <TextField
      id={`mesh-fleet-${key}`}
      className={classes.field}
      fullWidth
      variant="outlined"
      size="small"
      InputLabelProps={{ className: classes.label }}
      label={t(`fleet.filters.${key}`)}
      value={filters[key] ?? ''}
      onChange={e =>
        onChange({ ...filters, [key]: e.target.value || undefined })
      }
    />
  );
  const select = (
    key: 'status' | 'framework' | 'level',
    options: Array<{ value: string; label: string }>,
  ) => (
    <TextField
      id={`mesh-fleet-${key}`}
      className={classes.field}
      fullWidth
      select
      variant="outlined"
      size="small"
      InputLabelProps={{ className: classes.label }}
      label={t(
        key === 'framework'
          ? 'fleet.filters.failingFramework'
          : `fleet.filters.${key}`,
      )}
      value={filters[key] ?? ''}
      onChange={e =>
        onChange({
          ...filters,
          [key]: (e.target.value as string) || undefined,
        })
      }
    >
      <MenuItem value="">{t('fleet.filters.any')}</MenuItem>
      {options.map(o => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <>
      <EntityKindPicker initialFilter="component" hidden />
      <EntityOwnerPicker />
      <EntityAutocompletePicker<FleetCatalogFilters, 'systems'>
        label="System"
        name="systems"
        path="spec.system"
        Filter={EntitySystemFilter}
      />
      <EntityLifecyclePicker />
      {text('namespace')}
      {text('cluster')}
      {select(
        'status',
        STATUSES.map(s => ({ value: s, label: s })),
      )}
      {select(
        'framework',
        FRAMEWORKS.map(f => ({ value: f, label: f })),
      )}
      {select('level', [
        ...levels.map(l => ({ value: l.name, label: l.title })),
        { value: 'none', label: t('fleet.filters.noLevel') },
      ])}
    </>
  );
};
