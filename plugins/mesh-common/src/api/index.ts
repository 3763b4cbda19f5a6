export * from './drift';
export * from './maturity';
export * from './policy';
export * from './reachability';
export * from './slo';
export * from './state';
export * from './traffic';
