import { InfoCard } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  ComplianceReport,
  EvaluatedFinding,
  FrameworkScore,
} from '@meshpath/plugin-mesh-common';

const frameworkNames: Record<string, string> = {
  SOC2: 'SOC 2',
  'PCI-DSS-4.0': 'PCI DSS 4.0',
  HIPAA: 'HIPAA Security Rule',
  'ISO-27001-2022': 'ISO/IEC 27001:2022',
  GDPR: 'GDPR Art. 32',
  'NIST-800-204': 'NIST SP 800-204',
};

const formatScore = (score: FrameworkScore) =>
  score.score === null
    ? 'no check applies'
    : `${Math.round(score.score * 100)}%`;

function objectName(finding: EvaluatedFinding): string {
  if (!finding.object) return '';
  const { kind, namespace, name } = finding.object;
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** Compliance per framework and the failing checks, with how to fix each. */
export const ComplianceCard = ({ report }: { report: ComplianceReport }) => {
  const open = report.findings.filter(f => !f.waiverId);
  const waived = report.findings.filter(f => f.waiverId);
  if (report.frameworks.length === 0 && report.findings.length === 0) {
    // Nothing was evaluated: an empty table would read as "compliant".
    return (
      <InfoCard title="Compliance">
        <Typography variant="body2">
          Not evaluated: Meshpath found no live objects of this service to
          check.
        </Typography>
      </InfoCard>
    );
  }
  return (
    <InfoCard title="Compliance">
      <Table size="small" aria-label="Compliance by framework">
        <TableHead>
          <TableRow>
            <TableCell>Framework</TableCell>
            <TableCell>Score</TableCell>
            <TableCell>Passed</TableCell>
            <TableCell>Failed</TableCell>
            <TableCell>Waived</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {report.frameworks.map(score => (
            <TableRow key={score.framework}>
              <TableCell>
                {frameworkNames[score.framework] ?? score.framework}
              </TableCell>
              <TableCell>{formatScore(score)}</TableCell>
              <TableCell>{score.passed}</TableCell>
              <TableCell>{score.failed}</TableCell>
              <TableCell>{score.waived}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="subtitle1">
        {open.length === 0 ? 'No open finding' : `${open.length} open findings`}
      </Typography>
      <List dense>
        {open.map((finding, index) => (
          <ListItem key={`${finding.code}-${index}`} alignItems="flex-start">
            <ListItemText
              primary={
                <>
                  <Chip size="small" label={finding.severity} /> {finding.code}{' '}
                  {objectName(finding)}: {finding.message}
                </>
              }
              secondary={`Fix: ${finding.remediation}`}
            />
          </ListItem>
        ))}
      </List>
      {waived.length > 0 && (
        <Typography variant="body2">
          {waived.length} findings are waived.
        </Typography>
      )}
    </InfoCard>
  );
};
