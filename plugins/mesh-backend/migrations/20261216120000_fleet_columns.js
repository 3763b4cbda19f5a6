/*
 * The fleet page sorts and filters by more than status: lifecycle, clusters,
 * mTLS, SLO budget, compliance scores, open findings and maturity level are
 * kept beside the state, filled from the stored states on the way up.
 */

/** The fleet columns of one stored state (the backend's fleetColumns, as of this migration). */
function columnsOf(state) {
  const open = (state.compliance?.findings ?? []).filter(f => !f.waiverId);
  const budgets = (state.slos ?? [])
    .map(s => s.errorBudgetRemaining)
    .filter(m => m && m.state === 'known')
    .map(m => m.value);
  const scores = {};
  for (const f of state.compliance?.frameworks ?? [])
    scores[f.framework] = f.score;
  const clusters = (state.clusters ?? []).map(c => c.cluster);
  return {
    clusters: clusters.length > 0 ? `,${clusters.join(',')},` : '',
    mtls: state.mtls ?? 'unknown',
    slo_budget: budgets.length > 0 ? Math.min(...budgets) : null,
    compliance_scores: JSON.stringify(scores),
    open_findings: open.length,
    finding_codes:
      open.length > 0
        ? `,${open.map(f => `${f.code}:${f.severity}`).join(',')},`
        : '',
  };
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mesh_entity_state', table => {
    table
      .string('lifecycle', 255)
      .nullable()
      .comment(
        'Catalog lifecycle of the entity, for filtering the fleet overview',
      );
    table
      .text('clusters')
      .notNullable()
      .defaultTo('')
      .comment(
        'Clusters the service was found in, as ,prod-eu,prod-us, for the fleet filter',
      );
    table
      .string('mtls', 32)
      .notNullable()
      .defaultTo('unknown')
      .comment(
        'Weakest mTLS mode in force: DISABLE, PERMISSIVE, STRICT or unknown',
      );
    table
      .double('slo_budget')
      .nullable()
      .comment(
        'Lowest known error budget left of its SLOs, 0..1; null when none is known',
      );
    table
      .text('compliance_scores')
      .notNullable()
      .defaultTo('{}')
      .comment(
        'JSON object: compliance score 0..1 (or null) per framework, for sorting the fleet',
      );
    table
      .integer('open_findings')
      .notNullable()
      .defaultTo(0)
      .comment('Number of unwaived findings');
    table
      .text('finding_codes')
      .notNullable()
      .defaultTo('')
      .comment(
        'Unwaived findings as ,MP2006:warning,MP1101:error, for the team rollup',
      );
    table
      .string('maturity_level', 32)
      .nullable()
      .comment('Maturity level reached (mesh.maturityLevels); null when none');
    table
      .integer('maturity_rank')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Position of the maturity level reached, 0 for none, for sorting',
      );
    table
      .text('maturity_next')
      .nullable()
      .comment(
        'JSON: the next maturity level and what the service lacks for it',
      );
  });
  const rows = await knex('mesh_entity_state').select('entity_ref', 'state');
  for (const row of rows) {
    let state;
    try {
      state = JSON.parse(row.state);
    } catch {
      continue; // The next refresh rewrites it.
    }
    await knex('mesh_entity_state')
      .where({ entity_ref: row.entity_ref })
      .update(columnsOf(state));
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mesh_entity_state', table => {
    table.dropColumn('lifecycle');
    table.dropColumn('clusters');
    table.dropColumn('mtls');
    table.dropColumn('slo_budget');
    table.dropColumn('compliance_scores');
    table.dropColumn('open_findings');
    table.dropColumn('finding_codes');
    table.dropColumn('maturity_level');
    table.dropColumn('maturity_rank');
    table.dropColumn('maturity_next');
  });
};
