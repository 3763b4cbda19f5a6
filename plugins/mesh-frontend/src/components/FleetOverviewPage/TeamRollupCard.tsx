import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { FleetTeamRollup } from '@meshpath/plugin-mesh-common';
import { meshTranslationRef } from '../../translation';
import { MaturityLevelOption } from './fleetOptions';

const useStyles = makeStyles(theme => ({
  error: { color: theme.palette.error.dark },
  warning: { fontWeight: theme.typography.fontWeightMedium as number },
  list: { margin: 0, paddingLeft: theme.spacing(2) },
}));

/** Per team: how many services, at which levels, and the findings to fix first. */
export const TeamRollupCard = (props: {
  teams?: FleetTeamRollup[];
  loading: boolean;
  error?: Error;
  levels: MaturityLevelOption[];
}) => {
  const { teams, loading, error, levels } = props;
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  const severityClass: Record<string, string | undefined> = {
    error: classes.error,
    warning: classes.warning,
  };
  const levelOrder = [...levels.map(l => l.name), 'none'];
  const titleOf = (name: string) =>
    levels.find(l => l.name === name)?.title ??
    (name === 'none' ? t('fleet.noLevel') : name);

  return (
    <InfoCard title={t('fleet.teams.title')} noPadding>
      {loading && !teams && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {teams && (
        <Table size="small" aria-label={t('fleet.teams.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('fleet.teams.owner')}</TableCell>
              <TableCell align="right">{t('fleet.teams.services')}</TableCell>
              <TableCell>{t('fleet.teams.levels')}</TableCell>
              <TableCell align="right">
                {t('fleet.teams.openFindings')}
              </TableCell>
              <TableCell>{t('fleet.teams.worstFindings')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {teams.map(team => (
              <TableRow key={team.owner ?? ''}>
                <TableCell>
                  {team.owner ? (
                    <EntityRefLink entityRef={team.owner} defaultKind="group" />
                  ) : (
                    t('fleet.teams.noOwner')
                  )}
                </TableCell>
                <TableCell align="right">{team.services}</TableCell>
                <TableCell>
                  {levelOrder
                    .filter(name => team.levels[name])
                    .map(name => `${titleOf(name)} ${team.levels[name]}`)
                    .join(' · ')}
                </TableCell>
                <TableCell align="right">{team.openFindings}</TableCell>
                <TableCell>
                  {team.worstFindings.length === 0 ? (
                    t('fleet.teams.none')
                  ) : (
                    <ul className={classes.list}>
                      {team.worstFindings.map(f => (
                        <li key={f.code} className={severityClass[f.severity]}>
                          {t('fleet.teams.findingServices', {
                            code: f.code,
                            count: f.services,
                          })}
                        </li>
                      ))}
                    </ul>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
};
