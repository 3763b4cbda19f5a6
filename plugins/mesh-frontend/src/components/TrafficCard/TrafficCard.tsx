import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  EntityMeshState,
  ObjectSummary,
  RouteSummary,
} from '@meshpath/plugin-mesh-common';
import { meshTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
  answer: { fontWeight: theme.typography.fontWeightMedium as number },
  chip: { marginRight: theme.spacing(0.5) },
  failed: { color: theme.palette.error.dark },
  // Whole words: at 1280 px the long retry list squeezed "everything else" and "Timeout" a letter wide.
  routes: {
    '& th': { whiteSpace: 'nowrap' },
    '& td': { overflowWrap: 'normal', wordBreak: 'normal' },
  },
}));

// Flagger's phases of a rollout under way; Failed and Succeeded are over.
const ROLLING_PHASES = new Set([
  'Progressing',
  'Promoting',
  'Finalising',
  'WaitingPromotion',
]);

const ROUTING_KINDS = new Set([
  'VirtualService',
  'DestinationRule',
  'Gateway',
  'HTTPRoute',
  'GRPCRoute',
  'TCPRoute',
  'TLSRoute',
  'ServiceEntry',
]);

/** `namespace/name (cluster)`, for headings that say the kind already. */
const placeName = (o: ObjectSummary) =>
  `${o.namespace ? `${o.namespace}/` : ''}${o.name} (${o.cluster})`;

const objectName = (o: ObjectSummary) => `${o.kind} ${placeName(o)}`;

const Routes = ({ routes }: { routes: RouteSummary[] }) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  return (
    <Table
      size="small"
      className={classes.routes}
      aria-label={t('traffic.routes')}
    >
      <TableHead>
        <TableRow>
          <TableCell>{t('traffic.match')}</TableCell>
          <TableCell>{t('traffic.destinations')}</TableCell>
          <TableCell>{t('traffic.timeout')}</TableCell>
          <TableCell>{t('traffic.retries')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {routes.map((r, i) => (
          <TableRow key={i}>
            <TableCell>{r.match ?? t('traffic.catchAll')}</TableCell>
            <TableCell>
              {r.destinations
                .map(
                  d =>
                    `${d.host}${d.subset ? ` (${d.subset})` : ''}${
                      d.port ? `:${d.port}` : ''
                    }${d.weight !== undefined ? ` ${d.weight}%` : ''}`,
                )
                .join(', ')}
            </TableCell>
            <TableCell>{r.timeout ?? t('traffic.noTimeout')}</TableCell>
            <TableCell>
              {r.retries
                ? `${t('traffic.retriesValue', {
                    attempts: String(r.retries.attempts ?? '?'),
                    perTryTimeout: r.retries.perTryTimeout ?? '-',
                  })}${r.retries.retryOn ? ` (${r.retries.retryOn})` : ''}`
                : t('traffic.noTimeout')}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** How traffic reaches the service: routes, subsets, canaries, gateways and hosts. */
export const TrafficCard = ({ state }: { state: EntityMeshState }) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  const routing = state.objects.filter(o => ROUTING_KINDS.has(o.kind));
  const canaries = state.objects.filter(o => o.canary);
  const rolling = canaries.filter(c =>
    ROLLING_PHASES.has(c.canary?.phase ?? ''),
  ).length;
  const failed = canaries.filter(c => c.canary?.phase === 'Failed').length;
  return (
    <InfoCard title={t('traffic.title')} subheader={t('traffic.subheader')}>
      <Typography variant="body1" className={classes.answer}>
        {routing.length === 0
          ? t('traffic.none')
          : t('traffic.routingAnswer', { count: routing.length })}{' '}
        {rolling > 0 && t('traffic.rolloutAnswer', { count: rolling })}
        {failed > 0 &&
          ` ${t('traffic.failedRolloutAnswer', { count: failed })}`}
      </Typography>
      {canaries.map(c => (
        <section key={objectName(c)} className={classes.section}>
          <Typography variant="subtitle2" component="h3">
            {t('traffic.canary.title', { name: placeName(c) })}
          </Typography>
          <Typography variant="body2">
            {t('traffic.canary.phase', {
              phase: c.canary?.phase ?? t('traffic.canary.noPhase'),
            })}
            {c.canary?.weight !== undefined &&
              ` · ${t('traffic.canary.weight', {
                weight: String(c.canary.weight),
              })}`}
          </Typography>
          {!!c.canary?.failedChecks && (
            <Typography variant="body2" className={classes.failed}>
              {t('traffic.canary.failedChecks', {
                count: c.canary.failedChecks,
              })}
            </Typography>
          )}
        </section>
      ))}
      {routing.map(o => (
        <section key={objectName(o)} className={classes.section}>
          <Typography variant="subtitle2" component="h3">
            {objectName(o)}
          </Typography>
          {!!o.hosts?.length && (
            <Typography variant="body2">
              {t('traffic.hosts')}:{' '}
              {o.hosts.map(h => (
                <Chip key={h} size="small" label={h} className={classes.chip} />
              ))}
            </Typography>
          )}
          {!!o.gateways?.length && (
            <Typography variant="body2">
              {t('traffic.gateways')}:{' '}
              {o.gateways.map(g => (
                <Chip key={g} size="small" label={g} className={classes.chip} />
              ))}
            </Typography>
          )}
          {!!o.routes?.length && <Routes routes={o.routes} />}
          {!!o.subsets?.length && (
            <Typography variant="body2">
              {t('traffic.subsets')}:{' '}
              {o.subsets
                .map(
                  s =>
                    `${s.name}${
                      s.labels
                        ? ` (${Object.entries(s.labels)
                            .map(([k, v]) => `${k}=${v}`)
                            .join(', ')})`
                        : ''
                    }`,
                )
                .join('; ')}
            </Typography>
          )}
          {o.tlsMode && (
            <Typography variant="body2">
              {t('traffic.tlsMode', { mode: o.tlsMode })}
            </Typography>
          )}
        </section>
      ))}
    </InfoCard>
  );
};
