import { makeStyles, useTheme } from '@material-ui/core/styles';
import { FleetTrend } from '@meshpath/plugin-mesh-common';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

const useStyles = makeStyles(theme => ({
  // recharts paints its tooltip white inline; the theme's paper keeps it readable in dark mode.
  tooltip: {
    '& .recharts-default-tooltip': {
      backgroundColor: `${theme.palette.background.paper} !important`,
      color: theme.palette.text.primary,
    },
  },
}));

/** The fleet's daily average score in percent. Its own module so recharts loads only with the chart. */
const FleetTrendChart = (props: { trend: FleetTrend; label: string }) => {
  const theme = useTheme();
  const classes = useStyles();
  const data = props.trend.points.map(p => ({
    day: p.day,
    score: p.score === null ? null : Math.round(p.score * 1000) / 10,
  }));
  return (
    <ResponsiveContainer width="100%" height={200}>
      <LineChart data={data}>
        <CartesianGrid stroke={theme.palette.divider} strokeDasharray="3 3" />
        <XAxis dataKey="day" stroke={theme.palette.text.secondary} />
        <YAxis
          unit="%"
          domain={[0, 100]}
          stroke={theme.palette.text.secondary}
        />
        <Tooltip wrapperClassName={classes.tooltip} />
        <Line
          type="monotone"
          dataKey="score"
          name={props.label}
          stroke={theme.palette.primary.main}
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
};

export default FleetTrendChart;
