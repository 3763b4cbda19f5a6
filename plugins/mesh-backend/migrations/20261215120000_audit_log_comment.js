/*
 * The audit log's table comment said it held every on-demand refresh; it never
 * did. It holds waiver changes and the removal of entities that left the catalog.
 */

// No apostrophes: knex writes the comment into the SQL unescaped.
const AUDIT_LOG_COMMENT =
  'Every change to waivers, and every removal of an entity that left the catalog (its waivers revoked, its history deleted), for audit';
const PREVIOUS_COMMENT =
  'Every change to waivers and every on-demand refresh, for audit';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mesh_audit_log', table => {
    table.comment(AUDIT_LOG_COMMENT);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mesh_audit_log', table => {
    table.comment(PREVIOUS_COMMENT);
  });
};
