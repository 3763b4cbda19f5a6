import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { randomBytes } from 'crypto';
import { Knex } from 'knex';

/** The plugin's migrations folder, as the store runs it. */
export const migrationsDir = resolvePackagePath(
  '@meshpath/plugin-mesh-backend',
  'migrations',
);

/** Runs every migration before `file`, one at a time, so the test starts on the schema that migration finds. */
export async function migrateUpTo(knex: Knex, file: string): Promise<void> {
  for (;;) {
    const [, pending] = await knex.migrate.list({ directory: migrationsDir });
    if (pending.length === 0)
      throw new Error(`No pending migration ${file} in ${migrationsDir}`);
    if (pending[0].file === file) return;
    await knex.migrate.up({ directory: migrationsDir });
  }
}

/** A state whose JSON and gzip are larger than PostgreSQL keeps in a row by default (random text barely compresses). */
export function largeState(
  name: string,
  refreshedAt = '2026-12-01T10:00:00.000Z',
) {
  return {
    entityRef: `component:default/${name}`,
    status: 'ok' as const,
    refreshedAt,
    objects: [],
    mtls: 'STRICT',
    clusters: [],
    canaries: [],
    slos: [],
    compliance: { frameworks: [], findings: [] },
    errors: Array.from({ length: 8 }, (_, i) => ({
      source: `cluster:c${i}`,
      message: randomBytes(600).toString('base64'),
    })),
  };
}

/**
 * Whether PostgreSQL keeps a row's `state_gzip` in the row: a value in the row has its
 * length header on top of its bytes, one moved out (TOAST) reports its bytes alone.
 */
export async function gzipInRow(
  knex: Knex,
  table: 'mesh_entity_state' | 'mesh_entity_state_gzip',
  entityRef: string,
): Promise<boolean> {
  const { rows } = await knex.raw(
    `SELECT pg_column_size(state_gzip) - octet_length(state_gzip) AS header
       FROM ${table} WHERE entity_ref = ?`,
    [entityRef],
  );
  return Number(rows[0].header) > 0;
}
