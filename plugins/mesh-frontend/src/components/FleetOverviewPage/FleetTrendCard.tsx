import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Typography from '@material-ui/core/Typography';
import { FleetTrend } from '@meshpath/plugin-mesh-common';
import { lazy, Suspense } from 'react';
import { meshTranslationRef } from '../../translation';

const FleetTrendChart = lazy(() => import('./FleetTrendChart'));

/** Is the fleet getting more compliant? The framework's average score per day. */
export const FleetTrendCard = (props: {
  framework: string;
  trend?: FleetTrend;
  loading: boolean;
  error?: Error;
}) => {
  const { framework, trend, loading, error } = props;
  const { t } = useTranslationRef(meshTranslationRef);
  const known = trend?.points.some(p => p.score !== null);
  return (
    <InfoCard title={t('fleet.trend.title', { framework })}>
      {loading && !trend && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {trend && !known && (
        <Typography color="textSecondary">
          {t('fleet.trend.empty', { framework })}
        </Typography>
      )}
      {trend && known && (
        <Suspense fallback={<Progress />}>
          <FleetTrendChart trend={trend} label={t('fleet.trend.average')} />
        </Suspense>
      )}
    </InfoCard>
  );
};
