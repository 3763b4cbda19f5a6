import { WarningPanel } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { ClusterOutcome } from '@meshpath/plugin-mesh-common';
import { useClusterOutcomes } from '../../hooks/useFleet';
import { meshTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
}));

/** The longest reason shown; the whole of it is in the backend's log. */
const REASON_CHARS = 160;

/** The first reason, without the cluster's name it starts with, in one short line. */
function reasonOf(outcome: ClusterOutcome): string {
  const [first = '', ...rest] = outcome.errors;
  const bare = first.startsWith(`${outcome.cluster}: `)
    ? first.slice(outcome.cluster.length + 2)
    : first;
  const line =
    bare.length > REASON_CHARS ? `${bare.slice(0, REASON_CHARS - 1)}…` : bare;
  return rest.length > 0 ? `${line} (+${rest.length} more)` : line;
}

/** A refresh time in one fixed form, whatever the browser's locale: 2026-12-01 02:31 UTC. */
const whenOf = (iso: string) =>
  `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * Above the fleet table: each cluster whose last refresh could not read it
 * (or read it only in part), when, and why. Nothing when every cluster was
 * read, or when the outcomes cannot be fetched (the table says the rest).
 */
export const UnreadClustersBanner = () => {
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  const { value } = useClusterOutcomes();
  const failed = (value ?? []).filter(o => !o.readable || o.errors.length > 0);
  if (failed.length === 0) return null;
  return (
    <WarningPanel
      severity="warning"
      title={t('fleet.unreadClusters.title', { count: failed.length })}
      defaultExpanded
    >
      <Typography variant="body2" component="div">
        <ul className={classes.list}>
          {failed.map(o => (
            <li key={o.cluster}>
              {t('fleet.unreadClusters.line', {
                cluster: o.cluster,
                outcome: o.readable
                  ? t('fleet.unreadClusters.partial')
                  : t('fleet.unreadClusters.unread'),
                when: whenOf(o.refreshedAt),
                reason: reasonOf(o),
              })}
            </li>
          ))}
        </ul>
        {t('fleet.unreadClusters.stale')}
      </Typography>
    </WarningPanel>
  );
};
