import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EntityMeshState, Measurement } from '@meshpath/plugin-mesh-common';
import { useCallback, useState } from 'react';
import { useEntityMeshState } from '../../hooks/useEntityMeshState';
import { meshTranslationRef } from '../../translation';
import { frameworkNames } from '../ComplianceCard';
import { MeshStatus } from '../MeshStatus';
import { RefreshButton } from '../RefreshButton';
import { asPercent } from '../SloCard/measurement';
import {
  dataplanesByCluster,
  mtlsCoverage,
  topFindings,
  weakestFramework,
} from './overview';

const TOP_FINDINGS = 3;

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(1),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
  section: { marginTop: theme.spacing(2) },
}));

const useMeshT = () => useTranslationRef(meshTranslationRef).t;

function budget(t: ReturnType<typeof useMeshT>, measurement: Measurement) {
  return measurement.state === 'known'
    ? asPercent(measurement.value)
    : t('slo.unknown', { reason: measurement.reason });
}

const OverviewFacts = ({ state }: { state: EntityMeshState }) => {
  const classes = useStyles();
  const t = useMeshT();
  const coverage = mtlsCoverage(state);
  const weakest = weakestFramework(state.compliance.frameworks);
  const findings = topFindings(state.compliance.findings, TOP_FINDINGS);
  return (
    <>
      <dl className={classes.facts}>
        <dt>{t('overview.status')}</dt>
        <dd>
          <MeshStatus status={state.status} />
        </dd>
        <dt>{t('overview.dataplane')}</dt>
        <dd>
          {dataplanesByCluster(state).map(({ cluster, dataplanes, unread }) => (
            <div key={cluster}>
              {t('overview.dataplaneValue', {
                cluster,
                dataplane: [
                  dataplanes.length > 0 && dataplanes.join(', '),
                  dataplanes.length === 0 &&
                    !unread &&
                    t('overview.noWorkloads'),
                  unread && t('overview.clusterUnread'),
                ]
                  .filter(Boolean)
                  .join(' · '),
              })}
            </div>
          ))}
        </dd>
        <dt>{t('overview.mtls')}</dt>
        <dd>
          {state.mtls}
          {coverage.total > 0 &&
            ` · ${t('overview.mtlsCoverage', {
              covered: String(coverage.covered),
              total: String(coverage.total),
            })}`}
        </dd>
        <dt>{t('overview.sloBudget')}</dt>
        <dd>
          {state.slos.length === 0 && t('overview.noSlo')}
          {state.slos.map(slo => (
            <div key={`${slo.definition.kind}-${slo.definition.target}`}>
              {`${slo.definition.kind} ${slo.definition.target}%: ${budget(
                t,
                slo.errorBudgetRemaining,
              )}`}
            </div>
          ))}
        </dd>
        <dt>{t('overview.compliance')}</dt>
        <dd>
          {weakest
            ? `${
                frameworkNames[weakest.framework] ?? weakest.framework
              }: ${Math.round(weakest.score! * 100)}%`
            : t('compliance.noCheckApplies')}
        </dd>
      </dl>
      <Typography
        variant="subtitle2"
        component="h3"
        className={classes.section}
      >
        {t('overview.topFindings')}
      </Typography>
      {findings.length === 0 ? (
        <Typography variant="body2">{t('overview.noFindings')}</Typography>
      ) : (
        <List dense disablePadding>
          {findings.map((finding, index) => (
            <ListItem key={`${finding.code}-${index}`} disableGutters>
              <ListItemText
                primary={`${finding.severity} · ${finding.code}: ${finding.message}`}
              />
            </ListItem>
          ))}
        </List>
      )}
    </>
  );
};

/**
 * The entity's mesh at a glance, for its Overview tab: status, dataplane per
 * cluster, mTLS coverage, SLO budget left, compliance score, top findings,
 * and a link into the Mesh tab.
 * @public
 */
export const MeshOverviewCard = () => {
  const t = useMeshT();
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const entityLink = useRouteRef(entityRouteRef);
  const { state, loading, error } = useEntityMeshState(entityRef);
  // A refresh from this card shows at once, without reloading the page.
  const [refreshed, setRefreshed] = useState<EntityMeshState>();
  const onRefreshed = useCallback(
    (next: EntityMeshState) => setRefreshed(next),
    [],
  );
  const shown = refreshed ?? state;

  return (
    <InfoCard
      title={t('overview.title')}
      action={<RefreshButton onRefreshed={onRefreshed} />}
      deepLink={{
        title: t('overview.openTab'),
        link: `${entityLink(entityRouteParams(entity))}/mesh`,
      }}
    >
      {loading && !shown && <Progress />}
      {error && !shown && <ResponseErrorPanel error={error} />}
      {!loading && !error && !shown && (
        <Typography variant="body2">{t('overview.notRefreshed')}</Typography>
      )}
      {shown && <OverviewFacts state={shown} />}
    </InfoCard>
  );
};
