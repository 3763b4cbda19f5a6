/*
 * Meshpath backend tables: current state per entity, history, waivers, audit log.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mesh_entity_state', table => {
    table.comment(
      'Latest evaluated mesh, SLO and compliance state of each catalog entity',
    );
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment(
        'Catalog entity reference, for example component:default/payments',
      );
    table
      .string('owner', 255)
      .nullable()
      .comment('Owner entity reference, for filtering the fleet overview');
    table
      .string('system', 255)
      .nullable()
      .comment('System entity reference, for filtering the fleet overview');
    table
      .string('namespace', 255)
      .nullable()
      .comment('Kubernetes namespace the service runs in');
    table
      .text('failing_frameworks')
      .notNullable()
      .defaultTo('')
      .comment(
        'Frameworks with a failing unwaived check, as ,SOC2,HIPAA, for the fleet filter',
      );
    table
      .string('status', 32)
      .notNullable()
      .comment('Overall status: ok, warning, critical or unknown');
    table
      .text('state')
      .notNullable()
      .comment(
        'JSON document: mesh objects, mTLS, callers, canary, drift, SLOs, compliance, source errors',
      );
    table
      .timestamp('refreshed_at', { useTz: true })
      .notNullable()
      .comment('When this state was computed');
    table.index(['owner'], 'mesh_entity_state_owner_idx');
    table.index(['status'], 'mesh_entity_state_status_idx');
  });

  await knex.schema.createTable('mesh_history', table => {
    table.comment(
      'Time series of SLO values, error budgets and compliance scores per entity, kept for a retention period',
    );
    table.bigIncrements('id').comment('Surrogate key');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Catalog entity reference');
    table
      .string('metric', 128)
      .notNullable()
      .comment(
        'What was measured, for example slo:availability:sli or compliance:SOC2',
      );
    table
      .double('value')
      .nullable()
      .comment('Measured value; null when unknown');
    table
      .timestamp('recorded_at', { useTz: true })
      .notNullable()
      .comment('When the value was recorded');
    table.index(['entity_ref', 'recorded_at'], 'mesh_history_entity_time_idx');
    table.index(['recorded_at'], 'mesh_history_time_idx');
  });

  await knex.schema.createTable('mesh_waivers', table => {
    table.comment('Findings waived for an entity, with reason and expiry');
    table
      .string('id', 64)
      .primary()
      .notNullable()
      .comment('Waiver identifier (UUID)');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Catalog entity reference the waiver applies to');
    table
      .string('rule_code', 32)
      .notNullable()
      .comment('Meshpath rule code being waived, for example MP1101');
    table
      .string('object_ref', 512)
      .nullable()
      .comment(
        'Kind/namespace/name of the object the waiver is limited to; null for every object',
      );
    table.text('reason').notNullable().comment('Why the finding is accepted');
    table
      .string('created_by', 255)
      .notNullable()
      .comment('User entity reference of who waived it');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .comment('When the waiver was created');
    table
      .timestamp('expires_at', { useTz: true })
      .notNullable()
      .comment('When the waiver stops counting');
    table
      .timestamp('revoked_at', { useTz: true })
      .nullable()
      .comment('When the waiver was revoked; null while active');
    table
      .string('revoked_by', 255)
      .nullable()
      .comment('User entity reference of who revoked it');
    table.index(['entity_ref'], 'mesh_waivers_entity_idx');
  });

  await knex.schema.createTable('mesh_audit_log', table => {
    // Corrected by 20261215120000_audit_log_comment.js: refreshes were never written here.
    table.comment(
      'Every change to waivers and every on-demand refresh, for audit',
    );
    table.bigIncrements('id').comment('Surrogate key');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Catalog entity reference concerned');
    table
      .string('action', 64)
      .notNullable()
      .comment('What happened, for example waiver.create or waiver.revoke');
    table
      .string('actor', 255)
      .notNullable()
      .comment('User or service that did it');
    table
      .text('details')
      .notNullable()
      .comment('JSON document describing the change');
    table
      .timestamp('occurred_at', { useTz: true })
      .notNullable()
      .comment('When it happened');
    table.index(['entity_ref', 'occurred_at'], 'mesh_audit_entity_time_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mesh_audit_log');
  await knex.schema.dropTable('mesh_waivers');
  await knex.schema.dropTable('mesh_history');
  await knex.schema.dropTable('mesh_entity_state');
};
