import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { meshApiRef } from '../../api';
import { ComplianceCard } from '../ComplianceCard';
import { MeshStateCard } from '../MeshStateCard';
import { SloCard } from '../SloCard';

/** The Mesh tab of a service's page: mesh configuration, SLOs and compliance. */
export const EntityMeshContent = () => {
  const { entity } = useEntity();
  const meshApi = useApi(meshApiRef);
  const entityRef = stringifyEntityRef(entity);
  const {
    value: state,
    loading,
    error,
  } = useAsync(() => meshApi.getEntityState(entityRef), [meshApi, entityRef]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!state) {
    return (
      <EmptyState
        missing="data"
        title="No mesh state yet"
        description={`Meshpath has not refreshed ${entityRef} yet. Services are refreshed on a schedule; annotate it with backstage.io/kubernetes-id so Meshpath can find its objects.`}
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <MeshStateCard state={state} />
      </Grid>
      <Grid item xs={12} md={6}>
        <SloCard slos={state.slos} />
      </Grid>
      <Grid item xs={12}>
        <ComplianceCard report={state.compliance} />
      </Grid>
    </Grid>
  );
};
