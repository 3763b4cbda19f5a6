import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  ReachabilityEntry,
  ReachabilityVerdict,
  WorkloadReachability,
} from '@meshpath/plugin-mesh-common';
import { meshTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  answer: { fontWeight: theme.typography.fontWeightMedium as number },
  blocked: {
    // The dark shade: white on the main red falls short of 4.5:1 (axe: color-contrast).
    backgroundColor: theme.palette.error.dark,
    color: theme.palette.error.contrastText,
  },
  open: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  ok: {},
  // Names and ports stay whole; the verdicts' reasons wrap instead (seen at 1280 px: 'payments/payment s', '80 80').
  whole: { whiteSpace: 'nowrap' },
}));

const Verdict = ({ verdict }: { verdict: ReachabilityVerdict }) => (
  <span title={verdict.reason}>
    {verdict.verdict}
    <Typography variant="caption" color="textSecondary" component="div">
      {verdict.reason}
    </Typography>
  </span>
);

/** Who can reach the workloads, answer first: how many expected callers are blocked, whether anyone else gets in. */
export const ReachabilityTable = ({
  workloads,
}: {
  workloads: WorkloadReachability[];
}) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  const rows = workloads.flatMap(w =>
    w.entries.map(entry => ({ workload: w, entry })),
  );
  const blocked = rows.filter(r => r.entry.flag === 'blocked').length;
  const open = rows.some(r => r.entry.flag === 'open');
  const flag = (entry: ReachabilityEntry) => {
    if (entry.flag === 'blocked')
      return {
        label: t('security.reachability.flagBlocked'),
        className: classes.blocked,
      };
    if (entry.flag === 'open')
      return {
        label: t('security.reachability.flagOpen'),
        className: classes.open,
      };
    return { label: t('security.reachability.flagOk'), className: classes.ok };
  };
  return (
    <>
      <Typography variant="body2" className={classes.answer}>
        {blocked > 0 &&
          t('security.reachability.answerBlocked', { count: blocked })}
        {blocked > 0 && open && ' '}
        {open && t('security.reachability.answerOpen')}
        {blocked === 0 && !open && t('security.reachability.answerOk')}
      </Typography>
      <MuiTable size="small" aria-label={t('security.reachability.title')}>
        <TableHead>
          <TableRow>
            <TableCell className={classes.whole}>
              {t('security.reachability.workload')}
            </TableCell>
            <TableCell className={classes.whole}>
              {t('security.reachability.caller')}
            </TableCell>
            <TableCell className={classes.whole}>
              {t('security.reachability.port')}
            </TableCell>
            <TableCell>{t('security.reachability.l4')}</TableCell>
            <TableCell>{t('security.reachability.l7')}</TableCell>
            <TableCell>{t('security.reachability.flag')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(({ workload, entry }) => {
            const name = `${workload.namespace}/${workload.name}`;
            const chip = flag(entry);
            return (
              <TableRow
                key={`${name}|${entry.caller.label}|${entry.port}|${
                  entry.appPort ?? ''
                }`}
              >
                <TableCell className={classes.whole}>
                  {workload.generatedBy
                    ? t('security.reachability.generated', { workload: name })
                    : name}
                </TableCell>
                <TableCell className={classes.whole}>
                  {entry.caller.label}
                </TableCell>
                <TableCell className={classes.whole}>
                  {entry.appPort
                    ? t('security.reachability.hbone', {
                        port: String(entry.appPort),
                        hbone: String(entry.port),
                      })
                    : entry.port}
                </TableCell>
                <TableCell>
                  <Verdict verdict={entry.l4} />
                </TableCell>
                <TableCell>
                  <Verdict verdict={entry.l7} />
                </TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    label={chip.label}
                    className={chip.className}
                  />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </MuiTable>
    </>
  );
};
