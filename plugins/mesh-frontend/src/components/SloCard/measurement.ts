/** A ratio (0..1) as a percentage with enough digits for SLO targets like 99.95%. */
export const asPercent = (ratio: number) => `${(ratio * 100).toFixed(3)}%`;

/** A burn rate, for example `14.40×`. */
export const asBurnRate = (rate: number) => `${rate.toFixed(2)}×`;
