/*
 * The state route is the hottest one, and a state is about 13 KB: compressing
 * it on every request cost more than reading it. The refresh stores it
 * compressed once, beside the JSON, and the route serves that to clients that
 * accept gzip. States stored before stay null and are served as JSON.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mesh_entity_state', table => {
    table
      .binary('state_gzip')
      .nullable()
      .comment(
        'The state JSON compressed with gzip when it was stored, served as is to clients that accept gzip; null for states stored before',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mesh_entity_state', table => {
    table.dropColumn('state_gzip');
  });
};
