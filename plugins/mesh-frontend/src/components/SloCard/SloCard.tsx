import { InfoCard, StatusError, StatusOK } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  BurnRateWindow,
  SloDefinition,
  SloStatus,
} from '@meshpath/plugin-mesh-common';
import { asBurnRate, asPercent, formatMeasurement } from './measurement';

const windows: BurnRateWindow[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

function describe(definition: SloDefinition): string {
  const window = `${definition.windowDays}-day window`;
  if (definition.kind === 'latency') {
    return `Latency: ${definition.target}% of requests under ${definition.thresholdMs} ms, ${window}`;
  }
  return `Availability: ${definition.target}% of requests succeed, ${window}`;
}

const SloAlerts = ({ slo }: { slo: SloStatus }) => (
  <>
    {slo.alerts.map(alert => {
      const label = `${alert.severity} at ${alert.factor}× over ${alert.longWindow} and ${alert.shortWindow}`;
      if (alert.firing === undefined) {
        return (
          <Typography key={label} variant="body2">
            {label}: unknown
          </Typography>
        );
      }
      return alert.firing ? (
        <StatusError key={label}>{label}: firing</StatusError>
      ) : (
        <StatusOK key={label}>{label}: quiet</StatusOK>
      );
    })}
  </>
);

/** The service's SLOs: SLI now, error budget left, burn rates and alerts. */
export const SloCard = ({ slos }: { slos: SloStatus[] }) => (
  <InfoCard title="Service level objectives">
    {slos.length === 0 && (
      <Typography variant="body2">
        No SLO is declared for this service. Add the meshpath.io/slo-*
        annotations or onboard it with a golden-path template.
      </Typography>
    )}
    {slos.map(slo => (
      <div key={`${slo.definition.kind}-${slo.definition.target}`}>
        <Typography variant="subtitle1">{describe(slo.definition)}</Typography>
        <Typography variant="body2">
          SLI now: {formatMeasurement(slo.sli, asPercent)}
        </Typography>
        <Typography variant="body2">
          Error budget left:{' '}
          {formatMeasurement(slo.errorBudgetRemaining, asPercent)}
        </Typography>
        <Table
          size="small"
          aria-label={`Burn rates of the ${slo.definition.kind} SLO`}
        >
          <TableHead>
            <TableRow>
              {windows.map(window => (
                <TableCell key={window}>{window}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            <TableRow>
              {windows.map(window => (
                <TableCell key={window}>
                  {formatMeasurement(slo.burnRates[window], asBurnRate)}
                </TableCell>
              ))}
            </TableRow>
          </TableBody>
        </Table>
        <SloAlerts slo={slo} />
      </div>
    ))}
  </InfoCard>
);
