export * from './slo';
export * from './state';
