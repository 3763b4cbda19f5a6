import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import {
  TranslationFunction,
  useTranslationRef,
} from '@backstage/core-plugin-api/alpha';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  EntityMeshState,
  ObjectRef,
  ObservedCaller,
  PortMtls,
  TrafficVerdict,
  WorkloadPolicy,
} from '@meshpath/plugin-mesh-common';
import { meshTranslationRef } from '../../translation';
import { principalName, ruleParts } from './authorizationText';
import { ReachabilityTable } from './ReachabilityTable';

const useStyles = makeStyles(theme => ({
  // The dark red: the main one falls short of 4.5:1 on paper (axe: color-contrast).
  problem: { color: theme.palette.error.dark },
  section: { marginTop: theme.spacing(2) },
  answer: { fontWeight: theme.typography.fontWeightMedium as number },
  conflict: { color: theme.palette.error.dark },
  allowed: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  // The dark shade: white on the main red falls short of 4.5:1 (axe: color-contrast, with telemetry).
  denied: {
    backgroundColor: theme.palette.error.dark,
    color: theme.palette.error.contrastText,
  },
  plaintext: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  unknown: {},
  list: { margin: theme.spacing(0.5, 0), paddingLeft: theme.spacing(3) },
  // Headings stay whole words ("Conflic ts" at 1280 px); the cells below wrap.
  matrix: { '& th': { whiteSpace: 'nowrap' } },
}));

type T = TranslationFunction<typeof meshTranslationRef.T>;

const refName = (ref: ObjectRef) =>
  `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

function decidedBy(port: PortMtls, t: T): string {
  const { ref, level } = port.decidedBy;
  if (!ref) return t('security.matrix.levelDefault');
  return `${refName(ref)} (${level})`;
}

function clientTls(port: PortMtls, t: T): string {
  const { mode, decidedBy: by } = port.clientTls;
  return `${mode} (${
    by === 'auto-mTLS' ? t('security.matrix.autoMtls') : refName(by)
  })`;
}

const MtlsMatrix = ({ workloads }: { workloads: WorkloadPolicy[] }) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  return (
    <MuiTable
      size="small"
      className={classes.matrix}
      aria-label={t('security.matrix.title')}
    >
      <TableHead>
        <TableRow>
          <TableCell>{t('security.matrix.workload')}</TableCell>
          <TableCell>{t('security.matrix.port')}</TableCell>
          <TableCell>{t('security.matrix.mode')}</TableCell>
          <TableCell>{t('security.matrix.decidedBy')}</TableCell>
          <TableCell>{t('security.matrix.clientTls')}</TableCell>
          <TableCell>{t('security.matrix.conflicts')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {workloads.flatMap(w =>
          w.ports.length === 0
            ? [
                <TableRow key={`${w.namespace}/${w.name}`}>
                  <TableCell>{`${w.namespace}/${w.name}`}</TableCell>
                  <TableCell>{t('security.matrix.noPorts')}</TableCell>
                  <TableCell>{w.mtls.mode}</TableCell>
                  <TableCell>
                    {w.mtls.decidedBy.ref
                      ? `${refName(w.mtls.decidedBy.ref)} (${
                          w.mtls.decidedBy.level
                        })`
                      : t('security.matrix.levelDefault')}
                  </TableCell>
                  <TableCell />
                  <TableCell />
                </TableRow>,
              ]
            : w.ports.map(p => (
                <TableRow key={`${w.namespace}/${w.name}:${p.port}`}>
                  <TableCell>{`${w.namespace}/${w.name}`}</TableCell>
                  <TableCell>
                    {p.name ? `${p.port} (${p.name})` : p.port}
                  </TableCell>
                  <TableCell>
                    {p.mode}
                    {!p.enforced && ` — ${t('security.matrix.notEnforced')}`}
                  </TableCell>
                  <TableCell>{decidedBy(p, t)}</TableCell>
                  <TableCell>{clientTls(p, t)}</TableCell>
                  <TableCell>
                    {p.conflicts.length === 0 ? (
                      t('security.matrix.noConflict')
                    ) : (
                      <span className={classes.conflict}>
                        {t('security.matrix.conflict', {
                          count: p.conflicts.length,
                        })}
                        {': '}
                        {p.conflicts.map(c => c.message).join('; ')}
                      </span>
                    )}
                  </TableCell>
                </TableRow>
              )),
        )}
      </TableBody>
    </MuiTable>
  );
};

/** The authorization of one workload, answer first: who may call it, and what. */
const Authorization = ({ workload }: { workload: WorkloadPolicy }) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  const name = `${workload.namespace}/${workload.name}`;
  const a = workload.authorization;
  const enforced = (p: { enforcement: string }) =>
    p.enforcement !== 'not-enforced' &&
    p.enforcement !== 'ignored-needs-waypoint';
  const notEnforced = [...a.custom, ...a.deny, ...a.allow].filter(
    p => !enforced(p),
  );
  const rulesOf = (policies: typeof a.allow) =>
    policies.filter(enforced).flatMap(p =>
      p.rules.map(r => {
        const parts = ruleParts(r);
        const text = r.matchesAll
          ? t('security.authorization.ruleMatchesAll')
          : t('security.authorization.rule', {
              who: parts.who ?? t('security.authorization.anyone'),
              what: parts.what ?? t('security.authorization.anything'),
            });
        return {
          text: parts.when ? `${text} (when ${parts.when})` : text,
          // The rule as written, for whoever checks the words against the YAML.
          written: r.text,
        };
      }),
    );
  const outcome = {
    'no-policy': t('security.authorization.noPolicy', { workload: name }),
    'allow-all': t('security.authorization.allowAll', { workload: name }),
    'deny-all': t('security.authorization.denyAll', { workload: name }),
    restricted: t('security.authorization.restricted', { workload: name }),
  }[a.outcome];
  const denied = rulesOf(a.deny);
  const allowed = rulesOf(a.allow);
  return (
    <div className={classes.section}>
      <Typography variant="body2" className={classes.answer}>
        {outcome}
      </Typography>
      {a.outcome === 'restricted' && (
        <>
          {denied.length > 0 && (
            <>
              <Typography variant="body2">
                {t('security.authorization.deniedFirst')}
              </Typography>
              <ul className={classes.list}>
                {denied.map(rule => (
                  <li key={rule.written}>
                    <Typography variant="body2">{rule.text}</Typography>
                    <Typography variant="caption" color="textSecondary">
                      {rule.written}
                    </Typography>
                  </li>
                ))}
              </ul>
            </>
          )}
          {a.custom.filter(enforced).map(p => (
            <Typography variant="body2" key={refName(p.ref)}>
              {t('security.authorization.customFirst', {
                provider: p.provider ?? refName(p.ref),
              })}
            </Typography>
          ))}
          <ul className={classes.list}>
            {allowed.map(rule => (
              <li key={rule.written}>
                <Typography variant="body2">{rule.text}</Typography>
                <Typography variant="caption" color="textSecondary">
                  {rule.written}
                </Typography>
              </li>
            ))}
          </ul>
          {allowed.length > 0 && (
            <Typography variant="body2">
              {t('security.authorization.everythingElseDenied')}
            </Typography>
          )}
        </>
      )}
      {notEnforced.map(p => (
        <Typography variant="body2" key={refName(p.ref)} color="textSecondary">
          {t('security.authorization.notEnforced', {
            policy: refName(p.ref),
            enforcement: p.enforcementNote ?? p.enforcement,
          })}
        </Typography>
      ))}
    </div>
  );
};

const verdictKeys = {
  allowed: 'security.callers.verdictAllowed',
  'would-be-denied': 'security.callers.verdictWouldBeDenied',
  plaintext: 'security.callers.verdictPlaintext',
  unknown: 'security.callers.verdictUnknown',
} as const;

const VerdictChip = ({ caller }: { caller: ObservedCaller }) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  const verdict: TrafficVerdict = caller.verdict ?? 'unknown';
  const label = t(verdictKeys[verdict]);
  const className = {
    allowed: classes.allowed,
    'would-be-denied': classes.denied,
    plaintext: classes.plaintext,
    unknown: classes.unknown,
  }[verdict];
  return (
    <Chip
      size="small"
      label={label}
      className={className}
      title={caller.reason}
      aria-label={caller.reason ? `${label}: ${caller.reason}` : label}
    />
  );
};

const Callers = ({ state }: { state: EntityMeshState }) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  const traffic = state.traffic;
  if (!traffic) {
    return (
      <Typography variant="body2">{t('security.callers.notYet')}</Typography>
    );
  }
  const columns: TableColumn<ObservedCaller>[] = [
    {
      title: t('security.callers.caller'),
      render: c =>
        c.principal
          ? principalName(c.principal)
          : `${c.sourceNamespace}/${c.sourceWorkload}`,
    },
    {
      title: t('security.callers.requests'),
      type: 'numeric',
      render: c =>
        c.requests > 0
          ? c.requests.toLocaleString()
          : t('security.callers.connections', { count: c.connections }),
    },
    {
      title: t('security.callers.mtlsShare'),
      type: 'numeric',
      render: c => `${Math.round(c.mtlsShare * 100)}%`,
    },
    {
      title: t('security.callers.verdict'),
      render: c => <VerdictChip caller={c} />,
    },
  ];
  return (
    <>
      {traffic.state === 'unknown' && (
        <Typography variant="body2" className={classes.problem}>
          {t('security.callers.unknown', { reason: traffic.reason ?? '' })}
        </Typography>
      )}
      <Table<ObservedCaller>
        title={t('security.callers.title')}
        subtitle={t('security.callers.window', { window: traffic.window })}
        columns={columns}
        data={traffic.callers}
        // No sort buttons: material-table nests them in its header controls (axe: nested-interactive).
        options={{
          paging: false,
          search: false,
          padding: 'dense',
          sorting: false,
        }}
        emptyContent={
          <Typography variant="body2">{t('security.callers.none')}</Typography>
        }
      />
    </>
  );
};

/** Who can call me, and over what: mTLS per workload and port, authorization in words, observed callers against policy. */
export const SecurityCard = ({ state }: { state: EntityMeshState }) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  const answer =
    {
      STRICT: t('security.answer.strict'),
      PERMISSIVE: t('security.answer.permissive'),
      DISABLE: t('security.answer.disable'),
      NONE: t('security.answer.none'),
    }[state.mtls] ?? t('security.answer.unknown');
  return (
    <InfoCard title={t('security.title')} subheader={t('security.subheader')}>
      <Typography variant="body1" className={classes.answer}>
        {answer}
      </Typography>
      {state.clusters.map(cluster => (
        <section key={cluster.cluster} className={classes.section}>
          <Typography variant="h6" component="h3">
            {t('security.clusterHeading', { cluster: cluster.cluster })}
          </Typography>
          <Typography variant="subtitle2" component="h4">
            {t('security.matrix.title')}
          </Typography>
          <MtlsMatrix workloads={cluster.workloads} />
          <Typography
            variant="subtitle2"
            component="h4"
            className={classes.section}
          >
            {t('security.authorization.title')}
          </Typography>
          {cluster.workloads.map(w => (
            <Authorization key={`${w.namespace}/${w.name}`} workload={w} />
          ))}
          {cluster.reachability && cluster.reachability.length > 0 && (
            <>
              <Typography
                variant="subtitle2"
                component="h4"
                className={classes.section}
              >
                {t('security.reachability.title')}
              </Typography>
              <ReachabilityTable workloads={cluster.reachability} />
            </>
          )}
        </section>
      ))}
      <div className={classes.section}>
        <Callers state={state} />
      </div>
    </InfoCard>
  );
};
