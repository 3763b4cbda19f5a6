/*
 * Waiver workflow: a waiver is requested by an owner, then approved or rejected
 * by an approver, before it counts. Waivers created before this migration were
 * effective at once, so they become approved (or revoked, when they were).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mesh_waivers', table => {
    table
      .string('status', 16)
      .notNullable()
      .defaultTo('pending')
      .comment(
        'Workflow state: pending, approved, rejected or revoked; only approved waivers count',
      );
    table
      .string('decided_by', 255)
      .nullable()
      .comment('User entity reference of who approved or rejected the request');
    table
      .timestamp('decided_at', { useTz: true })
      .nullable()
      .comment('When the request was approved or rejected');
    table
      .text('decision_comment')
      .nullable()
      .comment('Why the approver approved or rejected the request');
    table.index(['entity_ref', 'status'], 'mesh_waivers_entity_status_idx');
  });
  await knex('mesh_waivers')
    .whereNull('revoked_at')
    .update({ status: 'approved' });
  await knex('mesh_waivers')
    .whereNotNull('revoked_at')
    .update({ status: 'revoked' });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // The old schema counts every unrevoked waiver: requests nobody approved must not.
  await knex('mesh_waivers')
    .whereIn('status', ['pending', 'rejected'])
    .whereNull('revoked_at')
    .update({
      revoked_at: new Date(),
      revoked_by: 'migration:waiver_workflow_rollback',
    });
  await knex.schema.alterTable('mesh_waivers', table => {
    table.dropIndex(['entity_ref', 'status'], 'mesh_waivers_entity_status_idx');
    table.dropColumn('decision_comment');
    table.dropColumn('decided_at');
    table.dropColumn('decided_by');
    table.dropColumn('status');
  });
};
