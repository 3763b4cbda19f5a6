import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  LinkButton,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { EntityMeshState } from '@meshpath/plugin-mesh-common';
import { useState } from 'react';
import { useEntityMeshState } from '../../hooks/useEntityMeshState';
import { WaiverChangesProvider } from '../../hooks/useWaiverChanges';
import { meshTranslationRef } from '../../translation';
import { ComplianceCard } from '../ComplianceCard';
import { DriftCard } from '../DriftCard';
import { FindingsCard } from '../FindingsCard';
import { RefreshButton } from '../RefreshButton';
import { SecurityCard } from '../SecurityCard';
import { SloCard } from '../SloCard';
import { TrafficCard } from '../TrafficCard';
import { WaiverRequestButton } from '../Waivers';
import {
  clusterErrors,
  hasMeshAnnotations,
  meshConditions,
} from './meshCoverage';

/** The golden-path template that onboards an existing service (templates/onboard-service). */
const ONBOARDING_TEMPLATE = '/create/templates/default/mesh-onboard-service';

const useStyles = makeStyles(theme => ({
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
  },
}));

/** Whether any condition calls for a panel above the cards. */
function hasConditions(c: ReturnType<typeof meshConditions>): boolean {
  return (
    c.noCluster ||
    c.kubernetesError !== undefined ||
    c.failedClusters.length > 0 ||
    c.prometheusUnknown !== undefined
  );
}

/** Conditions stated above the cards: what is missing, and what is shown anyway. */
const Conditions = ({ state }: { state: EntityMeshState }) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const c = meshConditions(state);
  return (
    <>
      {c.noCluster && (
        <WarningPanel
          severity="info"
          title={t('entityContent.noCluster.title')}
          message={t('entityContent.noCluster.description')}
        />
      )}
      {c.kubernetesError && (
        <WarningPanel
          title={t('entityContent.kubernetesFailed', {
            message: c.kubernetesError.message,
          })}
        />
      )}
      {c.failedClusters.length > 0 && (
        <WarningPanel
          title={t('entityContent.clusterFailed', {
            count: c.failedClusters.length,
            clusters: c.failedClusters.join(', '),
          })}
        >
          {clusterErrors(state).map(e => (
            <Typography variant="body2" key={`${e.cluster}:${e.message}`}>
              {t('entityContent.sourceError', {
                source: e.cluster,
                message: e.message,
              })}
            </Typography>
          ))}
        </WarningPanel>
      )}
      {c.prometheusUnknown !== undefined && (
        <WarningPanel
          severity="info"
          title={t('entityContent.prometheusUnknown')}
          message={c.prometheusUnknown}
        />
      )}
    </>
  );
};

/**
 * The Mesh tab of a service's page, read top-down: who can call it, how
 * traffic reaches it, whether it matches Git, what to fix, its SLOs and
 * compliance; or, without a state, why not and what to do.
 */
export const EntityMeshContent = () => {
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const {
    state: fetched,
    loading,
    error,
    retry,
  } = useEntityMeshState(entityRef);
  const [refreshed, setRefreshed] = useState<EntityMeshState>();
  const state =
    refreshed && refreshed.entityRef === entityRef ? refreshed : fetched;

  if (loading && !state)
    return <Progress aria-label={t('entityContent.loading')} />;
  if (error && !state) {
    return (
      <>
        <ResponseErrorPanel error={error} />
        <Button variant="outlined" onClick={retry}>
          {t('entityContent.retry')}
        </Button>
      </>
    );
  }
  if (!state) {
    if (!hasMeshAnnotations(entity)) {
      return (
        <EmptyState
          missing="field"
          title={t('entityContent.notCovered.title')}
          description={t('entityContent.notCovered.description')}
          action={
            <LinkButton
              to={ONBOARDING_TEMPLATE}
              variant="contained"
              color="primary"
            >
              {t('entityContent.notCovered.action')}
            </LinkButton>
          }
        />
      );
    }
    return (
      <EmptyState
        missing="data"
        title={t('entityContent.notRefreshed.title')}
        description={t('entityContent.notRefreshed.description')}
        action={<RefreshButton onRefreshed={setRefreshed} />}
      />
    );
  }
  return (
    // A waiver requested from the findings shows at once in the compliance card's list.
    <WaiverChangesProvider>
      <Grid container spacing={3}>
        <Grid item xs={12} className={classes.header}>
          {/* Primary text: the secondary grey falls short of 4.5:1 on the page (axe: color-contrast). */}
          <Typography variant="body2">
            {t('entityContent.refreshedAt', {
              time: new Date(state.refreshedAt).toLocaleString(),
            })}
          </Typography>
          <RefreshButton onRefreshed={setRefreshed} />
        </Grid>
        {/* No empty grid cell (a blank band above Security) when nothing is wrong. */}
        {hasConditions(meshConditions(state)) && (
          <Grid item xs={12}>
            <Conditions state={state} />
          </Grid>
        )}
        <Grid item xs={12}>
          <SecurityCard state={state} />
        </Grid>
        <Grid item xs={12}>
          <TrafficCard state={state} />
        </Grid>
        <Grid item xs={12}>
          <DriftCard drift={state.drift} />
        </Grid>
        <Grid item xs={12}>
          <FindingsCard
            findings={state.compliance.findings}
            entityRef={state.entityRef}
            renderWaiverAction={finding => (
              <WaiverRequestButton finding={finding} />
            )}
          />
        </Grid>
        <Grid item xs={12}>
          <SloCard slos={state.slos} />
        </Grid>
        <Grid item xs={12}>
          <ComplianceCard report={state.compliance} />
        </Grid>
      </Grid>
    </WaiverChangesProvider>
  );
};
