/**
 * Types, rule metadata and permissions shared by the Meshpath frontend and backend.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './findings';
export * from './kubernetesObjects';
export * from './permissions';
export * from './goldenPaths';
export * from './rules';
export * from './api';
export * from './istioTelemetry';
export * from './sloAlerting';
export * from './sloOptions';
