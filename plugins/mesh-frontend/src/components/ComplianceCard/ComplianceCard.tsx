import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ComplianceReport, FrameworkScore } from '@meshpath/plugin-mesh-common';
import { Fragment, useMemo, useState } from 'react';
import { useEntityHistory } from '../../hooks/useEntityHistory';
import { meshTranslationRef } from '../../translation';
import { Waivers } from '../Waivers';
import { ControlResults } from './ControlResults';
import { ScoreTrend, scoreTrends } from './trend';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Display names of the frameworks Meshpath scores. */
export const frameworkNames: Record<string, string> = {
  SOC2: 'SOC 2',
  'PCI-DSS-4.0': 'PCI DSS 4.0',
  HIPAA: 'HIPAA Security Rule',
  'ISO-27001-2022': 'ISO/IEC 27001:2022',
  GDPR: 'GDPR Art. 32',
  'NIST-800-204': 'NIST SP 800-204',
};

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(3) },
  controls: { backgroundColor: theme.palette.background.default },
}));

const useMeshT = () => useTranslationRef(meshTranslationRef).t;

function describeTrend(
  t: ReturnType<typeof useMeshT>,
  trend: ScoreTrend | undefined,
): string {
  if (!trend) return t('compliance.trendNone');
  const time = new Date(trend.since).toLocaleDateString();
  if (trend.points > 0) {
    return t('compliance.trendUp', { points: String(trend.points), time });
  }
  if (trend.points < 0) {
    return t('compliance.trendDown', { points: String(-trend.points), time });
  }
  return t('compliance.trendFlat', { time });
}

/** Props of {@link ComplianceCard}. @public */
export interface ComplianceCardProps {
  report: ComplianceReport;
}

/**
 * The current entity's compliance: score and trend per framework, each
 * control's result with the findings behind it, and its waivers.
 * @public
 */
export const ComplianceCard = ({ report }: ComplianceCardProps) => {
  const classes = useStyles();
  const t = useMeshT();
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const [expanded, setExpanded] = useState<string | undefined>();
  // A month of scores, to the hour so re-renders do not refetch.
  const since = useMemo(
    () =>
      new Date(
        Math.floor((Date.now() - 30 * DAY_MS) / 3600000) * 3600000,
      ).toISOString(),
    [],
  );
  const history = useEntityHistory(entityRef, undefined, since);
  const trends = useMemo(
    () => scoreTrends(history.value ?? []),
    [history.value],
  );
  const formatScore = (score: FrameworkScore) =>
    score.score === null
      ? t('compliance.noCheckApplies')
      : `${Math.round(score.score * 100)}%`;

  return (
    <InfoCard
      title={t('compliance.title')}
      subheader={t('compliance.subheader')}
    >
      {report.frameworks.length === 0 && report.findings.length === 0 ? (
        // Nothing was evaluated: an empty table would read as "compliant".
        <Typography variant="body2">{t('compliance.notEvaluated')}</Typography>
      ) : (
        <Table size="small" aria-label={t('compliance.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('compliance.framework')}</TableCell>
              <TableCell>{t('compliance.score')}</TableCell>
              <TableCell>{t('compliance.trend')}</TableCell>
              <TableCell>{t('compliance.pass')}</TableCell>
              <TableCell>{t('compliance.fail')}</TableCell>
              <TableCell>{t('compliance.waived')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {report.frameworks.map(score => {
              const name = frameworkNames[score.framework] ?? score.framework;
              const open = expanded === score.framework;
              return (
                <Fragment key={score.framework}>
                  <TableRow>
                    <TableCell>{name}</TableCell>
                    <TableCell>{formatScore(score)}</TableCell>
                    <TableCell>
                      {history.loading
                        ? '…'
                        : describeTrend(t, trends.get(score.framework))}
                    </TableCell>
                    <TableCell>{score.passed}</TableCell>
                    <TableCell>{score.failed}</TableCell>
                    <TableCell>{score.waived}</TableCell>
                    <TableCell>
                      {score.controls.length > 0 && (
                        <Button
                          size="small"
                          aria-expanded={open}
                          onClick={() =>
                            setExpanded(open ? undefined : score.framework)
                          }
                        >
                          {open
                            ? t('compliance.hideControls')
                            : t('compliance.showControls')}
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                  {open && (
                    <TableRow className={classes.controls}>
                      <TableCell colSpan={7}>
                        <ControlResults
                          score={score}
                          frameworkName={name}
                          findings={report.findings}
                        />
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              );
            })}
          </TableBody>
        </Table>
      )}
      <div className={classes.section}>
        <Waivers entityRef={entityRef} />
      </div>
    </InfoCard>
  );
};
