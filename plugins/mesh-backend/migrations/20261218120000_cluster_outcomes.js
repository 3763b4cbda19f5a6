/*
 * The fleet page names a cluster that could not be read: each cluster task
 * records how its last read went. The fleet row also carries why its status
 * is not ok; rows written before this get it at their next refresh.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mesh_cluster_outcome', table => {
    table.comment('How the last refresh of each cluster went');
    table
      .string('cluster', 255)
      .primary()
      .comment('Cluster name, as its source lists it');
    table
      .string('source', 64)
      .notNullable()
      .comment('The source that reads it: kubernetes or snapshot');
    table
      .timestamp('refreshed_at', { useTz: true })
      .notNullable()
      .comment('When that refresh finished reading');
    table
      .boolean('readable')
      .notNullable()
      .comment('False when nothing could be read');
    table.integer('objects').notNullable().comment('Objects read');
    table
      .text('errors')
      .notNullable()
      .comment('JSON list: what could not be read, one line per reason');
  });
  await knex.schema.alterTable('mesh_entity_state', table => {
    table
      .text('status_reasons')
      .notNullable()
      .defaultTo('[]')
      .comment('JSON list: why the status is not ok, one short line each');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mesh_entity_state', table => {
    table.dropColumn('status_reasons');
  });
  await knex.schema.dropTable('mesh_cluster_outcome');
};
