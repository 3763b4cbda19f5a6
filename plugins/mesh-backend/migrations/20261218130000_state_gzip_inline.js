/*
 * The state route reads one row's state_gzip (about 3 KB) by its key. PostgreSQL
 * moved that value out of the row into the table's TOAST relation (a row over
 * about 2 KB is shrunk, and compressed bytes do not shrink), so every read took a
 * second index lookup and a reassembly of chunks while holding a pooled
 * connection. MAIN storage keeps it in the row unless the row would not fit in a
 * page; the JSON state column stays out of line. Rows move in when next written
 * (every refresh rewrites every state). SQLite has no per-column storage.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw(
    'ALTER TABLE mesh_entity_state ALTER COLUMN state_gzip SET STORAGE MAIN',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw(
    'ALTER TABLE mesh_entity_state ALTER COLUMN state_gzip SET STORAGE EXTENDED',
  );
};
