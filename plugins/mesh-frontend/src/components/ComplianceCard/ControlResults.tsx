import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EvaluatedFinding, FrameworkScore } from '@meshpath/plugin-mesh-common';
import { meshTranslationRef } from '../../translation';
import { WaiverRequestButton } from '../Waivers';

const useStyles = makeStyles(theme => ({
  finding: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
}));

function objectName(finding: EvaluatedFinding): string {
  if (!finding.object) return '';
  const { kind, namespace, name } = finding.object;
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** A control fails with any failed check, is waived when its only failures are waived, else passes. */
function controlResult(control: FrameworkScore['controls'][number]) {
  if (control.failed > 0) return 'fail';
  if (control.waived > 0) return 'waived';
  return 'pass';
}

/** One framework's controls: pass, fail or waived, with the findings behind each. */
export const ControlResults = ({
  score,
  frameworkName,
  findings,
}: {
  score: FrameworkScore;
  frameworkName: string;
  findings: EvaluatedFinding[];
}) => {
  const classes = useStyles();
  const { t } = useTranslationRef(meshTranslationRef);
  const behind = (control: string) =>
    findings.filter(f =>
      f.controls.some(
        c => c.framework === score.framework && c.control === control,
      ),
    );
  return (
    <Table
      size="small"
      aria-label={t('compliance.controls', { framework: frameworkName })}
    >
      <TableHead>
        <TableRow>
          <TableCell>{t('compliance.control')}</TableCell>
          <TableCell>{t('compliance.result')}</TableCell>
          <TableCell>{t('compliance.findingsBehind')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {score.controls.map(control => {
          const result = controlResult(control);
          const controlFindings = behind(control.control);
          return (
            <TableRow key={control.control}>
              <TableCell>{control.control}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  label={t(`compliance.${result}`)}
                  color={result === 'fail' ? 'secondary' : 'default'}
                />
              </TableCell>
              <TableCell>
                {controlFindings.length === 0 && (
                  <Typography variant="body2">
                    {t('compliance.noFindingBehind')}
                  </Typography>
                )}
                {controlFindings.map((finding, index) => (
                  <div
                    key={`${finding.code}-${objectName(finding)}-${index}`}
                    className={classes.finding}
                  >
                    <Typography variant="body2">
                      {finding.code} {objectName(finding)}: {finding.message}
                      {finding.waiverId ? ` (${t('compliance.waived')})` : ''}
                    </Typography>
                    {!finding.waiverId && (
                      <WaiverRequestButton finding={finding} />
                    )}
                  </div>
                ))}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
