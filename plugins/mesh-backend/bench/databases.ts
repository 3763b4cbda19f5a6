/*
 * The databases the benchmark runs on: SQLite files (the embedded default) and,
 * when a PostgreSQL server is given, PostgreSQL (what production runs).
 */
import { JsonObject } from '@backstage/types';
import { mkdtemp, rm } from 'fs/promises';
import knexFactory, { Knex } from 'knex';
import { tmpdir } from 'os';
import { join } from 'path';

export interface BenchDatabase {
  label: string;
  /** A client on the database that the backend will give the plugin `pluginId`. */
  pluginClient(pluginId: string): Promise<Knex>;
  /** `backend.database` config that makes the backend use the same databases. */
  backendConfig: JsonObject;
  /** Removes everything the run created. */
  cleanup(): Promise<void>;
}

/** One SQLite file per plugin in a temporary folder, as the default database service lays them out. */
export async function sqliteDatabase(): Promise<BenchDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'meshpath-bench-'));
  return {
    label: 'SQLite',
    async pluginClient(pluginId) {
      return knexFactory({
        client: 'better-sqlite3',
        connection: { filename: join(dir, `${pluginId}.sqlite`) },
        useNullAsDefault: true,
      });
    },
    backendConfig: { client: 'better-sqlite3', connection: { directory: dir } },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** One database per plugin on the server at `connectionString`, under a prefix of this run's own. */
export function postgresDatabase(connectionString: string): BenchDatabase {
  const prefix = `meshpath_bench_${Date.now()}_`;
  const admin = knexFactory({ client: 'pg', connection: connectionString });
  const urlFor = (database: string) => {
    const url = new URL(connectionString);
    url.pathname = `/${database}`;
    return url.toString();
  };
  return {
    label: 'PostgreSQL',
    async pluginClient(pluginId) {
      const database = `${prefix}${pluginId}`;
      await admin.raw('CREATE DATABASE ??', [database]);
      return knexFactory({ client: 'pg', connection: urlFor(database) });
    },
    backendConfig: { client: 'pg', connection: connectionString, prefix },
    async cleanup() {
      const { rows } = await admin.raw(
        'SELECT datname FROM pg_database WHERE datname LIKE ?',
        [`${prefix}%`],
      );
      for (const { datname } of rows as { datname: string }[]) {
        await admin.raw('DROP DATABASE ?? WITH (FORCE)', [datname]);
      }
      await admin.destroy();
    },
  };
}
