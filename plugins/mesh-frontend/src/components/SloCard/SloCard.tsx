import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  BurnRateWindow,
  Measurement,
  SloStatus,
} from '@meshpath/plugin-mesh-common';
import { lazy, Suspense, useMemo } from 'react';
import { useEntityHistory } from '../../hooks/useEntityHistory';
import { meshTranslationRef } from '../../translation';
import { asBurnRate, asPercent, durationParts } from './measurement';

// recharts stays out of the app's initial bundle: this chunk loads when an SLO card renders.
const BudgetChart = lazy(() => import('./BudgetChart'));

const windows: BurnRateWindow[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
const DAY_MS = 24 * 60 * 60 * 1000;

const useStyles = makeStyles(theme => ({
  slo: {
    '& + &': {
      marginTop: theme.spacing(3),
      paddingTop: theme.spacing(2),
      borderTop: `1px solid ${theme.palette.divider}`,
    },
  },
  tiles: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))',
    gap: theme.spacing(2),
    margin: theme.spacing(1, 0, 2),
  },
  tileValue: { fontWeight: theme.typography.fontWeightBold as number },
  section: { marginTop: theme.spacing(2) },
  chart: { minHeight: 180 },
}));

const useMeshT = () => useTranslationRef(meshTranslationRef).t;
type Translate = ReturnType<typeof useMeshT>;

function describeMeasurement(
  t: Translate,
  measurement: Measurement,
  format: (value: number) => string,
  sharedReason?: string,
): string {
  if (measurement.state === 'known') return format(measurement.value);
  // The reason every unknown value of the SLO shares is said once, above them.
  if (measurement.reason === sharedReason && !measurement.lastGoodAt)
    return t('slo.unknownShort');
  return measurement.lastGoodAt
    ? t('slo.unknownSince', {
        reason: measurement.reason,
        time: new Date(measurement.lastGoodAt).toLocaleString(),
      })
    : t('slo.unknown', { reason: measurement.reason });
}

const Tile = ({
  label,
  value,
  note,
}: {
  label: string;
  value: string;
  /** What the value leaves out, said beside it. */
  note?: string;
}) => {
  const classes = useStyles();
  return (
    <div>
      <Typography variant="caption" color="textSecondary">
        {label}
      </Typography>
      <Typography variant="body1" className={classes.tileValue}>
        {value}
      </Typography>
      {note && (
        <Typography variant="caption" component="p" color="textSecondary">
          {note}
        </Typography>
      )}
    </div>
  );
};

/** How much of the window the budget covers, when Prometheus keeps less of it (or it cannot tell). */
function coverageNote(t: Translate, slo: SloStatus): string | undefined {
  const coverage = slo.windowCoverage;
  if (coverage?.state === 'partial')
    return t('slo.coveragePartial', {
      coveredDays: String(coverage.coveredDays),
      windowDays: String(slo.definition.windowDays),
      retention: coverage.retention,
    });
  if (coverage?.state === 'unknown')
    return t('slo.coverageUnknown', { reason: coverage.reason });
  return undefined;
}

const BudgetHistory = ({
  entityRef,
  slo,
}: {
  entityRef: string;
  slo: SloStatus;
}) => {
  const classes = useStyles();
  const { t } = useTranslationRef(meshTranslationRef);
  const { kind, windowDays } = slo.definition;
  // The window start, to the hour, so re-renders do not refetch.
  const since = useMemo(
    () =>
      new Date(
        Math.floor((Date.now() - windowDays * DAY_MS) / 3600000) * 3600000,
      ).toISOString(),
    [windowDays],
  );
  const { value, loading, error } = useEntityHistory(
    entityRef,
    `slo:${kind}:budget`,
    since,
  );
  if (loading) return <Progress />;
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value || value.length === 0) {
    return <Typography variant="body2">{t('slo.chartEmpty')}</Typography>;
  }
  return (
    <div
      className={classes.chart}
      role="img"
      aria-label={t('slo.chartLabel', { kind })}
    >
      <Suspense fallback={<Progress />}>
        <BudgetChart points={value} />
      </Suspense>
    </div>
  );
};

/** The reason, when every unknown value of the SLO is unknown for the same one (no Prometheus, no traffic). */
function sharedUnknownReason(slo: SloStatus): string | undefined {
  const measurements = [
    slo.sli,
    slo.errorBudgetRemaining,
    ...Object.values(slo.burnRates),
  ];
  const reasons = new Set(
    measurements.flatMap(m => (m.state === 'unknown' ? [m.reason] : [])),
  );
  return reasons.size === 1 ? [...reasons][0] : undefined;
}

/** Hours as people read them ("20 h 22 min", "154 d 12 h"), not as ISO 8601 ("PT20H22M"). */
function readableDuration(t: Translate, hours: number): string {
  const parts = durationParts(hours);
  switch (parts.unit) {
    case 'minutes':
      return t('slo.durationMinutes', { minutes: String(parts.minutes) });
    case 'hours':
      return t('slo.durationHours', {
        hours: String(parts.hours),
        minutes: String(parts.minutes),
      });
    case 'days':
      return t('slo.durationDays', {
        days: String(parts.days),
        hours: String(parts.hours),
      });
    default:
      return t('slo.durationOverAYear');
  }
}

function timeToExhaustion(
  t: Translate,
  slo: SloStatus,
  sharedReason?: string,
): string {
  const tte = slo.timeToExhaustion;
  if (!tte) return t('slo.unknown', { reason: '—' });
  if (tte.state === 'never')
    return t('slo.exhaustionNever', { reason: tte.reason });
  if (tte.state === 'unknown')
    return tte.reason === sharedReason
      ? t('slo.unknownShort')
      : t('slo.unknown', { reason: tte.reason });
  if (tte.hours <= 0) return t('slo.exhaustionSpent');
  return t('slo.exhaustionKnown', {
    duration: readableDuration(t, tte.hours),
    window: tte.burnRateWindow,
  });
}

const SloDetail = ({
  entityRef,
  slo,
}: {
  entityRef: string;
  slo: SloStatus;
}) => {
  const classes = useStyles();
  const { t } = useTranslationRef(meshTranslationRef);
  const { definition } = slo;
  const title =
    definition.kind === 'latency'
      ? t('slo.latency', {
          target: String(definition.target),
          thresholdMs: String(definition.thresholdMs ?? '?'),
          windowDays: String(definition.windowDays),
        })
      : t('slo.availability', {
          target: String(definition.target),
          windowDays: String(definition.windowDays),
        });
  const severity = (s: 'page' | 'ticket') =>
    s === 'page' ? t('slo.severityPage') : t('slo.severityTicket');
  const firing = slo.alerts.filter(a => a.firing);
  const sharedReason = sharedUnknownReason(slo);
  // The factor each severity's alerts apply to a window, as the threshold to read its burn rate against.
  const threshold = (window: BurnRateWindow, s: 'page' | 'ticket') =>
    slo.alerts
      .filter(
        a =>
          a.severity === s &&
          (a.longWindow === window || a.shortWindow === window),
      )
      .map(a => asBurnRate(a.factor))
      .join(', ');

  return (
    <section className={classes.slo} aria-label={title}>
      <Typography variant="subtitle1" component="h3">
        {title}
      </Typography>
      {sharedReason && (
        <StatusWarning>
          {t('slo.unknown', { reason: sharedReason })}
        </StatusWarning>
      )}
      <div className={classes.tiles}>
        <Tile
          label={t('slo.sli')}
          value={describeMeasurement(t, slo.sli, asPercent, sharedReason)}
        />
        <Tile
          label={t('slo.budgetLeft')}
          value={describeMeasurement(
            t,
            slo.errorBudgetRemaining,
            asPercent,
            sharedReason,
          )}
          note={coverageNote(t, slo)}
        />
        <Tile
          label={t('slo.timeToExhaustion')}
          value={timeToExhaustion(t, slo, sharedReason)}
        />
      </div>
      {firing.length > 0 ? (
        <StatusError>
          {t('slo.wouldFire', {
            alerts: firing
              .map(a => `${severity(a.severity)} (${asBurnRate(a.factor)})`)
              .join(', '),
          })}
        </StatusError>
      ) : (
        <Typography variant="body2">{t('slo.noneFiring')}</Typography>
      )}
      <Typography
        variant="subtitle2"
        component="h4"
        className={classes.section}
      >
        {t('slo.chartTitle')}
      </Typography>
      <BudgetHistory entityRef={entityRef} slo={slo} />
      <Typography
        variant="subtitle2"
        component="h4"
        className={classes.section}
      >
        {t('slo.burnRates')}
      </Typography>
      <Table
        size="small"
        aria-label={t('slo.burnRatesLabel', { kind: definition.kind })}
      >
        <TableHead>
          <TableRow>
            <TableCell>{t('slo.window')}</TableCell>
            <TableCell>{t('slo.burnRate')}</TableCell>
            <TableCell>{t('slo.severityPage')}</TableCell>
            <TableCell>{t('slo.severityTicket')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {windows.map(window => (
            <TableRow key={window}>
              <TableCell>{window}</TableCell>
              <TableCell>
                {describeMeasurement(
                  t,
                  slo.burnRates[window],
                  asBurnRate,
                  sharedReason,
                )}
              </TableCell>
              <TableCell>{threshold(window, 'page')}</TableCell>
              <TableCell>{threshold(window, 'ticket')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography
        variant="subtitle2"
        component="h4"
        className={classes.section}
      >
        {t('slo.alerts')}
      </Typography>
      <Table
        size="small"
        aria-label={t('slo.alertsLabel', { kind: definition.kind })}
      >
        <TableHead>
          <TableRow>
            <TableCell>{t('slo.alertSeverity')}</TableCell>
            <TableCell>{t('slo.alertCondition')}</TableCell>
            <TableCell>{t('slo.alertState')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {slo.alerts.map(alert => (
            <TableRow
              key={`${alert.severity}-${alert.longWindow}-${alert.shortWindow}`}
            >
              <TableCell>{severity(alert.severity)}</TableCell>
              <TableCell>
                {t('slo.alertConditionValue', {
                  // 0.933333 reads as 0.93, like the burn rates it is compared with.
                  factor: String(Number(alert.factor.toFixed(2))),
                  longWindow: alert.longWindow,
                  shortWindow: alert.shortWindow,
                })}
              </TableCell>
              <TableCell>
                {alert.firing === undefined && (
                  <StatusWarning>{t('slo.alertUnknown')}</StatusWarning>
                )}
                {alert.firing === true && (
                  <StatusError>{t('slo.firing')}</StatusError>
                )}
                {alert.firing === false && (
                  <StatusOK>{t('slo.quiet')}</StatusOK>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
};

/** Props of {@link SloCard}. @public */
export interface SloCardProps {
  slos: SloStatus[];
}

/**
 * The current entity's SLOs: SLI, objective and window, budget left, time to
 * exhaustion, the budget over the window, burn rates against the alert
 * thresholds, and which alert would fire.
 * @public
 */
export const SloCard = ({ slos }: SloCardProps) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  return (
    <InfoCard title={t('slo.title')} subheader={t('slo.subheader')}>
      {slos.length === 0 && (
        <Typography variant="body2">{t('slo.none')}</Typography>
      )}
      {slos.map(slo => (
        <SloDetail
          key={`${slo.definition.kind}-${slo.definition.target}`}
          entityRef={entityRef}
          slo={slo}
        />
      ))}
    </InfoCard>
  );
};
