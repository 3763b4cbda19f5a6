/*
 * On-demand refresh budgets: how many refreshes an entity and a caller have
 * taken in their current window, kept in the database so every replica
 * enforces the same limits.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mesh_refresh_budget', table => {
    table.comment(
      'On-demand refreshes taken in the current window, per entity and per caller',
    );
    table
      .string('scope', 16)
      .notNullable()
      .comment('What the budget belongs to: entity or caller');
    table
      .string('subject', 255)
      .notNullable()
      .comment(
        'Entity reference, or user entity reference / service subject of the caller',
      );
    table
      .timestamp('window_start', { useTz: true })
      .notNullable()
      .comment('When the current window began');
    table
      .integer('used')
      .notNullable()
      .comment('Refreshes taken in the current window');
    table.primary(['scope', 'subject']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mesh_refresh_budget');
};
