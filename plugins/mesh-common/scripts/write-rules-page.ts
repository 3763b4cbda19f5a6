// Writes docs/rules.md from the rule metadata: `npm run docs:rules` at the repository root.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesPage, RULES_PAGE_PATH } from '../src/docs/rulesPage';

const target = join(__dirname, '..', '..', '..', RULES_PAGE_PATH);
writeFileSync(target, renderRulesPage());
process.stdout.write(`Wrote ${RULES_PAGE_PATH}\n`);
