import { makeStyles, useTheme } from '@material-ui/core/styles';
import { HistoryPoint } from '@meshpath/plugin-mesh-common';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** Props of the budget chart. */
export interface BudgetChartProps {
  /** `slo:<kind>:budget` points, oldest first; null where the budget was unknown. */
  points: HistoryPoint[];
}

const useStyles = makeStyles(theme => ({
  // recharts paints its tooltip white inline; the theme's paper keeps it readable in dark mode.
  tooltip: {
    '& .recharts-default-tooltip': {
      backgroundColor: `${theme.palette.background.paper} !important`,
      color: theme.palette.text.primary,
    },
  },
}));

const asTime = (ms: number) => new Date(ms).toLocaleDateString();

/**
 * Error budget remaining over time, in percent; gaps where it was unknown.
 * Its own module so recharts loads only when a chart is shown.
 */
const BudgetChart = ({ points }: BudgetChartProps) => {
  const theme = useTheme();
  const classes = useStyles();
  const data = points.map(p => ({
    time: new Date(p.recordedAt).getTime(),
    budget: p.value === null ? null : Math.round(p.value * 10000) / 100,
  }));
  return (
    <ResponsiveContainer width="100%" height={180}>
      <LineChart data={data}>
        <CartesianGrid stroke={theme.palette.divider} strokeDasharray="3 3" />
        <XAxis
          dataKey="time"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={asTime}
          stroke={theme.palette.text.secondary}
        />
        <YAxis unit="%" stroke={theme.palette.text.secondary} />
        <Tooltip
          labelFormatter={label => new Date(Number(label)).toLocaleString()}
          wrapperClassName={classes.tooltip}
        />
        <ReferenceLine y={0} stroke={theme.palette.error.main} />
        <Line
          type="monotone"
          dataKey="budget"
          name="Budget left"
          unit="%"
          stroke={theme.palette.primary.main}
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
};

export default BudgetChart;
