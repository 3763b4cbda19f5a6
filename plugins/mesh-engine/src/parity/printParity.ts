/*
 * Prints the parity table: per rule code, the peer scenarios reproduced, how
 * many the engine agrees with, and each disagreement with its reason. Run with
 * `npm run parity -w @meshpath/mesh-engine`.
 */
import { createAnalyzer } from '../analysis/analyzer';
import { formatParityTable, parityTable, runParity } from './parity';

async function main() {
  const rows = parityTable(runParity(await createAnalyzer()));
  console.log(formatParityTable(rows));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
