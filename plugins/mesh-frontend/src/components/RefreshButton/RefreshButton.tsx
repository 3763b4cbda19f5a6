import { stringifyEntityRef } from '@backstage/catalog-model';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { useEntity } from '@backstage/plugin-catalog-react';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  EntityMeshState,
  meshRefreshPermission,
} from '@meshpath/plugin-mesh-common';
import {
  retryAfterSeconds,
  useEntityRefresh,
} from '../../hooks/useEntityRefresh';
import { useMeshPermission } from '../../hooks/useMeshPermission';
import { meshTranslationRef } from '../../translation';
import { GuardedButton } from '../Waivers/GuardedButton';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  error: { color: theme.palette.error.dark },
}));

/** Props of {@link RefreshButton}. @public */
export interface RefreshButtonProps {
  /** Receives the new state, so the page can show it without reloading. */
  onRefreshed?: (state: EntityMeshState) => void;
}

/**
 * Refreshes the entity's mesh state now (permission `mesh.refresh`), shows
 * progress, then the new refresh time, or how long to wait when rate-limited.
 * @public
 */
export const RefreshButton = ({ onRefreshed }: RefreshButtonProps) => {
  const classes = useStyles();
  const { t } = useTranslationRef(meshTranslationRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const permission = useMeshPermission(meshRefreshPermission, entityRef);
  const [{ loading, value, error }, refresh] = useEntityRefresh(
    entityRef,
    onRefreshed,
  );
  const waitSeconds = error ? retryAfterSeconds(error) : undefined;

  return (
    <span className={classes.root}>
      <GuardedButton
        allowed={permission.allowed}
        checking={permission.loading}
        deniedReason={t('refresh.noPermission')}
        busy={loading}
        variant="outlined"
        size="small"
        startIcon={loading ? <CircularProgress size={16} /> : <RefreshIcon />}
        onClick={() => refresh()}
      >
        {loading ? t('refresh.refreshing') : t('refresh.button')}
      </GuardedButton>
      <span role="status" aria-live="polite">
        {!loading && value && (
          <Typography variant="body2" component="span">
            {t('refresh.refreshedAt', {
              time: new Date(value.refreshedAt).toLocaleString(),
            })}
          </Typography>
        )}
        {!loading && error && (
          <Typography
            variant="body2"
            component="span"
            className={classes.error}
          >
            {waitSeconds !== undefined
              ? t('refresh.tooSoon', { seconds: String(waitSeconds) })
              : t('refresh.failed', { message: error.message })}
          </Typography>
        )}
      </span>
    </span>
  );
};
