import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { meshApiRef } from '../../api';

/** The Meshpath page: the state of the mesh backend the portal talks to. */
export const MeshStatusPage = () => {
  const meshApi = useApi(meshApiRef);
  const { value, loading, error } = useAsync(
    () => meshApi.getHealth(),
    [meshApi],
  );

  return (
    <Page themeId="tool">
      <Header
        title="Service mesh"
        subtitle="Istio mesh state of the catalog's services"
      />
      <Content>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && (
          <InfoCard title="Meshpath backend">
            <Typography variant="body1">
              Backend status: {value.status}
            </Typography>
          </InfoCard>
        )}
      </Content>
    </Page>
  );
};
