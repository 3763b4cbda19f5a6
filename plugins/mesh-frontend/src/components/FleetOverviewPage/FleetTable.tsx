import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { FleetEntry, FleetPage } from '@meshpath/plugin-mesh-common';
import { ReactNode } from 'react';
import { FleetSortField } from '../../api';
import { meshTranslationRef } from '../../translation';
import { MeshStatus } from '../MeshStatus';

/** How the table is ordered. */
export interface FleetOrder {
  sort: FleetSortField;
  order: 'asc' | 'desc';
}

const useStyles = makeStyles(theme => ({
  title: { padding: theme.spacing(2) },
  actions: { marginLeft: 'auto' },
  header: {
    display: 'flex',
    alignItems: 'center',
    paddingRight: theme.spacing(2),
  },
  bad: {
    color: theme.palette.error.dark,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  // Weight, not orange: orange text on paper falls short of 4.5:1 (axe: color-contrast).
  weak: { fontWeight: theme.typography.fontWeightMedium as number },
  next: { display: 'block', color: theme.palette.text.secondary },
  // Values and words stay whole; the table scrolls sideways when they do not fit (below about
  // 1,100 px of content, as at a 1280 px window); Status comes second, so it is always in view.
  wrap: { overflowX: 'auto' },
  table: {
    '& th, & td': {
      paddingLeft: theme.spacing(1),
      paddingRight: theme.spacing(1),
    },
    '& td': { whiteSpace: 'nowrap' },
    // Headers wrap between words only (the theme would break them inside one).
    '& th': { wordBreak: 'normal', overflowWrap: 'normal', hyphens: 'none' },
  },
  nowrap: { whiteSpace: 'nowrap' },
  status: { minWidth: 150, maxWidth: 220, '&&': { whiteSpace: 'normal' } },
  reason: { display: 'block', color: theme.palette.text.secondary },
  level: { minWidth: 180, '&&': { whiteSpace: 'normal' } },
}));

/** Why a row is not ok: the first reason under the status, all of them in its tooltip. */
const StatusReasons = ({ reasons }: { reasons?: string[] }) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  if (!reasons || reasons.length === 0) return null;
  const [first, ...rest] = reasons;
  return (
    <Tooltip title={reasons.join('; ')}>
      <Typography variant="caption" className={classes.reason}>
        {rest.length > 0
          ? t('fleet.reasonAndMore', { reason: first, count: rest.length })
          : first}
      </Typography>
    </Tooltip>
  );
};

const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;

/**
 * One page of the fleet, sorted by the backend (10,000 services stay cheap);
 * each row says what needs attention and what the next level lacks.
 */
export const FleetTable = (props: {
  page: FleetPage;
  order: FleetOrder;
  framework: string;
  /** A column header was clicked: sort by it, or flip the order when it is already the sort. */
  onSortBy: (field: FleetSortField) => void;
  onPageChange: (offset: number) => void;
  actions?: ReactNode;
}) => {
  const { page, order, framework, onSortBy, onPageChange, actions } = props;
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();

  // Status right after the service: what needs attention stays in view on a narrow screen.
  const columns: Array<{ field: FleetSortField; label: string }> = [
    { field: 'service', label: t('fleet.columns.service') },
    { field: 'status', label: t('fleet.columns.status') },
    { field: 'owner', label: t('fleet.columns.owner') },
    { field: 'system', label: t('fleet.columns.system') },
    { field: 'namespace', label: t('fleet.columns.namespace') },
    { field: 'clusters', label: t('fleet.columns.clusters') },
    { field: 'mtls', label: t('fleet.columns.mtls') },
    { field: 'sloBudget', label: t('fleet.columns.sloBudget') },
    {
      field: 'compliance',
      label: t('fleet.columns.compliance', { framework }),
    },
    { field: 'openFindings', label: t('fleet.columns.openFindings') },
    { field: 'maturity', label: t('fleet.columns.maturity') },
  ];

  const budgetClass = (value: number) => {
    if (value <= 0) return classes.bad;
    return value < 0.25 ? classes.weak : '';
  };
  const budget = (row: FleetEntry) => {
    if (row.sloBudgetRemaining === undefined) return t('fleet.noSlo');
    const value = row.sloBudgetRemaining;
    return <span className={budgetClass(value)}>{percent(value)}</span>;
  };
  const score = (row: FleetEntry) => {
    const value = row.complianceScores[framework];
    if (value === undefined || value === null) return t('fleet.notScored');
    return (
      <span className={value < 1 ? classes.weak : ''}>{percent(value)}</span>
    );
  };

  return (
    <Paper>
      <div className={classes.header}>
        <Typography variant="h6" component="h2" className={classes.title}>
          {t('fleet.tableTitle', { total: String(page.totalCount) })}
        </Typography>
        <div className={classes.actions}>{actions}</div>
      </div>
      <div className={classes.wrap}>
        <Table
          className={classes.table}
          size="small"
          aria-label={t('fleet.tableTitle', { total: String(page.totalCount) })}
        >
          <TableHead>
            <TableRow>
              {columns.map(column => (
                <TableCell
                  key={column.field}
                  sortDirection={
                    order.sort === column.field ? order.order : false
                  }
                >
                  <TableSortLabel
                    active={order.sort === column.field}
                    direction={
                      order.sort === column.field ? order.order : 'asc'
                    }
                    onClick={() => onSortBy(column.field)}
                    aria-label={t('fleet.sortBy', { column: column.label })}
                  >
                    {column.label}
                  </TableSortLabel>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {page.items.map(row => (
              <TableRow key={row.entityRef}>
                <TableCell>
                  <EntityRefLink entityRef={row.entityRef} />
                </TableCell>
                <TableCell className={classes.status}>
                  <span className={classes.nowrap}>
                    <MeshStatus status={row.status} />
                  </span>
                  <StatusReasons reasons={row.statusReasons} />
                </TableCell>
                <TableCell>
                  {row.owner && (
                    <EntityRefLink entityRef={row.owner} defaultKind="group" />
                  )}
                </TableCell>
                <TableCell>
                  {row.system && (
                    <EntityRefLink
                      entityRef={row.system}
                      defaultKind="system"
                    />
                  )}
                </TableCell>
                <TableCell>{row.namespace ?? ''}</TableCell>
                <TableCell>{row.clusters.join(', ')}</TableCell>
                <TableCell>
                  <span className={row.mtls === 'STRICT' ? '' : classes.bad}>
                    {row.mtls}
                  </span>
                </TableCell>
                <TableCell>{budget(row)}</TableCell>
                <TableCell>{score(row)}</TableCell>
                <TableCell>
                  <span className={row.openFindings > 0 ? classes.weak : ''}>
                    {row.openFindings}
                  </span>
                </TableCell>
                <TableCell className={classes.level}>
                  {row.maturityLevel ?? t('fleet.noLevel')}
                  {row.maturityNext && (
                    <Typography variant="caption" className={classes.next}>
                      {t('fleet.nextLevel', {
                        level: row.maturityNext.level,
                        missing: row.maturityNext.missing.join('; '),
                      })}
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
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
