/**
 * Scaffolder actions that generate and validate Istio mesh onboarding manifests.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMesh as default } from './module';
