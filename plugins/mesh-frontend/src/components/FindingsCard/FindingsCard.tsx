import {
  InfoCard,
  Link,
  LinkButton,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { EvaluatedFinding } from '@meshpath/plugin-mesh-common';
import { ReactNode } from 'react';
import { meshTranslationRef } from '../../translation';
import {
  istioReferenceUrl,
  kialiReferenceUrl,
  safeHttpUrl,
} from './referenceUrls';
import { isFixable, remediationLink } from './remediationLink';
import { SourceLink } from './SourceLink';

const useStyles = makeStyles(theme => ({
  answer: {
    fontWeight: theme.typography.fontWeightMedium as number,
    marginBottom: theme.spacing(1),
  },
  references: { display: 'flex', flexDirection: 'column' },
  fixAll: { marginBottom: theme.spacing(1) },
}));

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Props of {@link FindingsCard}. */
export interface FindingsCardProps {
  findings: EvaluatedFinding[];
  /** The "Request a waiver" action for an open finding; none when absent. */
  renderWaiverAction?: (finding: EvaluatedFinding) => ReactNode;
  /** The service, for "Fix with a pull request" on fixable findings; no such link when absent. */
  entityRef?: string;
}

const Severity = ({ finding }: { finding: EvaluatedFinding }) => {
  const { t } = useTranslationRef(meshTranslationRef);
  switch (finding.severity) {
    case 'error':
      return <StatusError>{t('findings.severityError')}</StatusError>;
    case 'warning':
      return <StatusWarning>{t('findings.severityWarning')}</StatusWarning>;
    default:
      return <StatusPending>{t('findings.severityInfo')}</StatusPending>;
  }
};

const objectText = (f: EvaluatedFinding) =>
  f.object
    ? `${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${
        f.object.name
      }${f.cluster ? ` (${f.cluster})` : ''}`
    : '';

/** What should be fixed first: the service's findings, worst first, each with where it is and how to fix it. */
export const FindingsCard = ({
  findings,
  renderWaiverAction,
  entityRef,
}: FindingsCardProps) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const classes = useStyles();
  const open = findings.filter(f => !f.waiverId);
  const waived = findings.length - open.length;
  const fixableCodes = entityRef
    ? [...new Set(open.map(f => f.code).filter(isFixable))]
    : [];
  const rows = [...findings].sort(
    (a, b) =>
      Number(!!a.waiverId) - Number(!!b.waiverId) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.code.localeCompare(b.code),
  );
  const columns: TableColumn<EvaluatedFinding>[] = [
    // Widths by content: material-table's equal columns split "AuthorizationPolicy" mid-word.
    {
      title: t('findings.severity'),
      width: '9%',
      render: f => <Severity finding={f} />,
    },
    {
      title: t('findings.code'),
      width: '10%',
      render: f => {
        const docs = safeHttpUrl(f.documentationUrl);
        return docs ? (
          <Link to={docs} aria-label={`${t('findings.ruleDocs')} ${f.code}`}>
            {f.code}
          </Link>
        ) : (
          f.code
        );
      },
    },
    {
      title: t('findings.references'),
      width: '10%',
      render: f => {
        const istio = f.references.istio;
        const kiali = f.references.kiali;
        const istioUrl = istio && istioReferenceUrl(istio);
        const kialiUrl = kiali && kialiReferenceUrl(kiali);
        return (
          <span className={classes.references}>
            {istio &&
              (istioUrl ? (
                <Link to={istioUrl}>
                  {t('findings.istioReference', { code: istio })}
                </Link>
              ) : (
                t('findings.istioReference', { code: istio })
              ))}
            {kiali &&
              (kialiUrl ? (
                <Link to={kialiUrl}>
                  {t('findings.kialiReference', { code: kiali })}
                </Link>
              ) : (
                t('findings.kialiReference', { code: kiali })
              ))}
          </span>
        );
      },
    },
    {
      title: t('findings.object'),
      width: '27%',
      render: f => (
        <>
          <Typography variant="body2">{objectText(f)}</Typography>
          <Typography variant="body2" color="textSecondary">
            {f.message}
          </Typography>
        </>
      ),
    },
    {
      title: t('findings.source'),
      width: '8%',
      render: f => (f.source ? <SourceLink source={f.source} /> : null),
    },
    { title: t('findings.remediation'), field: 'remediation', width: '22%' },
    {
      title: t('findings.actions'),
      width: '14%',
      render: f =>
        f.waiverId ? (
          <Chip
            size="small"
            label={t('findings.waivedChip')}
            aria-label={`${f.code} ${t('findings.waivedChip')}`}
          />
        ) : (
          <span className={classes.references}>
            {entityRef && isFixable(f.code) && (
              <Link
                to={remediationLink(entityRef, [f.code])}
                aria-label={`${t('findings.fixWithPullRequest')} ${f.code}`}
              >
                {t('findings.fixWithPullRequest')}
              </Link>
            )}
            {renderWaiverAction?.(f) ?? null}
          </span>
        ),
    },
  ];
  return (
    <InfoCard title={t('findings.title')} subheader={t('findings.subheader')}>
      <Typography variant="body1" className={classes.answer} component="div">
        {open.length === 0 ? (
          <StatusOK>{t('findings.none')}</StatusOK>
        ) : (
          t('findings.open', { count: open.length })
        )}
        {waived > 0 && ` · ${t('findings.waived', { count: waived })}`}
      </Typography>
      {entityRef && fixableCodes.length > 1 && (
        <LinkButton
          to={remediationLink(entityRef, fixableCodes)}
          variant="outlined"
          color="primary"
          size="small"
          className={classes.fixAll}
        >
          {t('findings.fixAll', { count: fixableCodes.length })}
        </LinkButton>
      )}
      {findings.length > 0 && (
        <Table<EvaluatedFinding>
          columns={columns}
          data={rows}
          options={{
            paging: rows.length > 10,
            pageSize: 10,
            search: false,
            toolbar: false,
            padding: 'dense',
            // Sorted worst first already; material-table's sort buttons nest (axe: nested-interactive).
            sorting: false,
          }}
        />
      )}
    </InfoCard>
  );
};
