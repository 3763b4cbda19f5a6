/*
 * Each state's gzip moves to a table of its own, keyed like the state. In the
 * state row, behind the 15 KB JSON, SQLite reached it through the JSON's
 * overflow pages and PostgreSQL through the TOAST relation; kept in the row on
 * PostgreSQL (MAIN storage, the migration before) it made the heap ten times
 * wider and the fleet page on 10,000 services went from about 5 to 50 ms. In its
 * own table the row is small, the bytes stay in it, and the fleet reads only
 * the state table.
 */

const COMMENT =
  'The state JSON compressed with gzip when it was stored, served as is to clients that accept gzip; null for states stored before';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mesh_entity_state_gzip', table => {
    table.comment(
      'Each stored state compressed with gzip, read by the state route; apart from mesh_entity_state so that fleet scans stay narrow',
    );
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment('The entity reference of the state (mesh_entity_state)');
    table
      .timestamp('refreshed_at', { useTz: true })
      .notNullable()
      .comment('When the state was evaluated; an older one never replaces it');
    table
      .binary('state_gzip')
      .notNullable()
      .comment('The state JSON compressed with gzip');
  });
  if (knex.client.config.client === 'pg') {
    // Kept in the row (about 3 KB), not moved to the TOAST relation.
    await knex.raw(
      'ALTER TABLE mesh_entity_state_gzip ALTER COLUMN state_gzip SET STORAGE MAIN',
    );
  }
  await knex.raw(
    `INSERT INTO mesh_entity_state_gzip (entity_ref, refreshed_at, state_gzip)
     SELECT entity_ref, refreshed_at, state_gzip FROM mesh_entity_state
     WHERE state_gzip IS NOT NULL`,
  );
  await knex.schema.alterTable('mesh_entity_state', table => {
    table.dropColumn('state_gzip');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mesh_entity_state', table => {
    table.binary('state_gzip').nullable().comment(COMMENT);
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw(
      'ALTER TABLE mesh_entity_state ALTER COLUMN state_gzip SET STORAGE MAIN',
    );
  }
  await knex.raw(
    `UPDATE mesh_entity_state SET state_gzip = (
       SELECT g.state_gzip FROM mesh_entity_state_gzip g
       WHERE g.entity_ref = mesh_entity_state.entity_ref)`,
  );
  await knex.schema.dropTable('mesh_entity_state_gzip');
};
