/* eslint-disable no-console -- a benchmark that prints its figures */
/*
 * The JavaScript the Mesh plugin adds to the app's initial load: builds
 * packages/app for production with bundle stats, then sums the plugin's
 * modules (mesh-frontend and what it pulls from mesh-common) in the chunks the
 * app loads at start, and in the chunks it loads later (the page, the tab,
 * the charts). Fails if recharts is in the initial load: charts load lazily.
 * Run by `npm run bench` (this package's `bench` script).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const app = join(root, 'packages/app');

if (process.env.MESHPATH_BUNDLE_STATS === undefined) {
  console.log('bundle: building packages/app for production (with stats)…');
  execFileSync('npx', ['backstage-cli', 'package', 'build', '--stats'], {
    cwd: app,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
const stats = JSON.parse(
  readFileSync(
    process.env.MESHPATH_BUNDLE_STATS ?? join(app, 'dist/bundle-stats.json'),
    'utf8',
  ),
);

const MESH =
  /plugins\/mesh-(frontend|common)\/|@meshpath\/plugin-mesh(-common)?\//;
const RECHARTS = /node_modules\/(recharts|d3-|victory-vendor)/;

// The chunks the app's entry loads at start.
const initial = new Set(
  Object.values(stats.entrypoints ?? {}).flatMap(e => e.chunks ?? []),
);
for (const chunk of stats.chunks ?? [])
  if (chunk.initial) initial.add(chunk.id);

/** Leaf modules, concatenated ones unpacked, each with the chunks it is in. */
function* leaves(modules, chunks) {
  for (const m of modules ?? []) {
    // Modules inside a concatenated one list no chunks of their own: they are in its chunks.
    const inChunks = m.chunks?.length ? m.chunks : chunks ?? [];
    if (m.modules?.length) yield* leaves(m.modules, inChunks);
    else
      yield {
        name: m.name ?? m.identifier ?? '',
        size: m.size ?? 0,
        chunks: inChunks,
      };
  }
}

const figures = {
  meshInitial: 0,
  meshLazy: 0,
  rechartsInitial: 0,
  rechartsLazy: 0,
  appInitial: 0,
};
const seen = new Set();
for (const m of leaves(stats.modules)) {
  const key = `${m.name}@${m.chunks.join(',')}`;
  if (seen.has(key)) continue;
  seen.add(key);
  const atStart = m.chunks.some(id => initial.has(id));
  if (atStart) figures.appInitial += m.size;
  if (MESH.test(m.name))
    figures[atStart ? 'meshInitial' : 'meshLazy'] += m.size;
  if (RECHARTS.test(m.name))
    figures[atStart ? 'rechartsInitial' : 'rechartsLazy'] += m.size;
}

const kib = bytes => `${(bytes / 1024).toFixed(1)} KiB`;
console.log('bundle: module bytes before minification, from rspack stats');
console.log(
  `bundle: Mesh plugin in the initial load: ${kib(
    figures.meshInitial,
  )} of the app's ${kib(figures.appInitial)} (${(
    (100 * figures.meshInitial) /
    Math.max(1, figures.appInitial)
  ).toFixed(2)} %)`,
);
console.log(
  `bundle: Mesh plugin loaded later (page, tab, cards): ${kib(
    figures.meshLazy,
  )}`,
);
console.log(
  `bundle: charts (recharts and d3) initial ${kib(
    figures.rechartsInitial,
  )}, lazy ${kib(figures.rechartsLazy)}`,
);
if (figures.rechartsInitial > 0) {
  console.error(
    'bundle: recharts is in the initial load; charts must load lazily',
  );
  process.exit(1);
}
