import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { DriftDetail, DriftObject } from '@meshpath/plugin-mesh-common';
import { ReactNode } from 'react';
import { meshTranslationRef } from '../../translation';
import { SourceLink } from '../FindingsCard/SourceLink';

const useStyles = makeStyles(theme => ({
  // The dark red: the main one falls short of 4.5:1 on paper (axe: color-contrast).
  problem: { color: theme.palette.error.dark },
  section: { marginTop: theme.spacing(2) },
  answer: { fontWeight: theme.typography.fontWeightMedium as number },
  value: {
    fontFamily: 'monospace',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
  },
  absent: { color: theme.palette.text.secondary, fontStyle: 'italic' },
}));

const objectName = (o: DriftObject) =>
  `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}${
    o.cluster ? ` (${o.cluster})` : ''
  }`;

const ObjectHeading = ({ object }: { object: DriftObject }) => (
  <Typography variant="subtitle2" component="h4">
    {objectName(object)}
    {object.source && (
      <>
        {' · '}
        <SourceLink source={object.source} />
      </>
    )}
  </Typography>
);

/** Does what runs match Git: per object, the differing fields side by side. */
export const DriftCard = ({ drift }: { drift?: DriftDetail }) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  const value = (text?: string): ReactNode =>
    text === undefined ? (
      <span className={classes.absent}>{t('drift.absent')}</span>
    ) : (
      <span className={classes.value}>{text}</span>
    );
  let answer: string;
  if (!drift) answer = t('drift.notDeclared');
  else if (drift.clusters.length === 0) answer = t('drift.comparedNowhere');
  else {
    const count =
      drift.differing.length +
      drift.declaredNotLive.length +
      drift.liveNotDeclared.length;
    answer = count === 0 ? t('drift.inSync') : t('drift.differs', { count });
  }
  return (
    <InfoCard title={t('drift.title')} subheader={t('drift.subheader')}>
      <Typography variant="body1" className={classes.answer}>
        {answer}
      </Typography>
      {drift?.differing.map(d => (
        <section key={objectName(d.object)} className={classes.section}>
          <ObjectHeading object={d.object} />
          <Table size="small" aria-label={objectName(d.object)}>
            <TableHead>
              <TableRow>
                <TableCell>{t('drift.path')}</TableCell>
                <TableCell>{t('drift.declared')}</TableCell>
                <TableCell>{t('drift.live')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {d.fields.map(f => (
                <TableRow key={f.path}>
                  <TableCell className={classes.value}>{f.path}</TableCell>
                  <TableCell>{value(f.declared)}</TableCell>
                  <TableCell>{value(f.live)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {!!d.omittedFields && (
            <Typography variant="body2" color="textSecondary">
              {t('drift.omittedFields', { count: d.omittedFields })}
            </Typography>
          )}
        </section>
      ))}
      {drift && drift.declaredNotLive.length > 0 && (
        <section className={classes.section}>
          <Typography variant="subtitle2" component="h3">
            {t('drift.declaredNotLive')}
          </Typography>
          {drift.declaredNotLive.map(o => (
            <ObjectHeading key={objectName(o)} object={o} />
          ))}
        </section>
      )}
      {drift && drift.liveNotDeclared.length > 0 && (
        <section className={classes.section}>
          <Typography variant="subtitle2" component="h3">
            {t('drift.liveNotDeclared')}
          </Typography>
          {drift.liveNotDeclared.map(o => (
            <ObjectHeading key={objectName(o)} object={o} />
          ))}
        </section>
      )}
      {drift && drift.uncomparedKinds.length > 0 && (
        <Typography
          variant="body2"
          color="textSecondary"
          className={classes.section}
        >
          {t('drift.uncomparedKinds', {
            kinds: drift.uncomparedKinds.join(', '),
          })}
        </Typography>
      )}
      {drift && drift.unreadClusters.length > 0 && (
        <Typography variant="body2" className={classes.problem}>
          {t('drift.unreadClusters', {
            clusters: drift.unreadClusters.join(', '),
          })}
        </Typography>
      )}
    </InfoCard>
  );
};
