/**
 * Meshpath's permission policy: entity owners request waivers, configured
 * groups approve them; owners and approvers revoke, read the audit log and refresh.
 *
 * @packageDocumentation
 */
export { permissionModuleMeshPolicy as default } from './module';
export { decideMeshPermission } from './decideMeshPermission';
export { MeshPermissionPolicy } from './MeshPermissionPolicy';
export { readMeshPolicyOptions } from './options';
export type { MeshPolicyOptions } from './options';
