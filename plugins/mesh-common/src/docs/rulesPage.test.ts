import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MESH_RULE_CODES, MESH_RULES } from '../rules';
import { escapeMarkdown, renderRulesPage, RULES_PAGE_PATH } from './rulesPage';

const repositoryRoot = join(__dirname, '..', '..', '..', '..');

describe('the rule catalogue page', () => {
  const page = renderRulesPage();

  it('is the committed docs/rules.md, so the docs cannot drift from the metadata', () => {
    const committed = readFileSync(
      join(repositoryRoot, RULES_PAGE_PATH),
      'utf8',
    );
    if (committed !== page) {
      throw new Error(
        `${RULES_PAGE_PATH} differs from the rule metadata: run npm run docs:rules and commit the result`,
      );
    }
    expect(committed).toBe(page);
  });

  it('has the anchor the backend links each finding to (#<code in lower case>)', () => {
    for (const code of MESH_RULE_CODES) {
      // A heading that is only the code gets the code in lower case as its anchor.
      expect(page).toContain(`\n### ${code}\n`);
      expect(page).toContain(`](#${code.toLowerCase()})`);
    }
  });

  it('shows each rule: title, reason, twins, controls and remediation', () => {
    const section = page.slice(
      page.indexOf('\n### MP2001\n'),
      page.indexOf('\n### MP2002\n'),
    );
    expect(section).toContain(`**${MESH_RULES.MP2001.title}**`);
    expect(section).toContain('**Why it matters:** PERMISSIVE or DISABLE');
    expect(section).toContain('  - SOC 2: CC6.1; CC6.7');
    expect(section).toContain('  - PCI DSS 4.0: 4.2.1');
    expect(section).toContain('**How to fix:** Apply a PeerAuthentication');
    const twins = page.slice(
      page.indexOf('\n### MP1101\n'),
      page.indexOf('\n### MP1102\n'),
    );
    expect(twins).toContain(
      'istioctl [IST0101](https://istio.io/latest/docs/reference/config/analysis/ist0101/), Kiali [KIA1101](https://kiali.io/docs/features/validations/#kia1101)',
    );
  });

  it('escapes Markdown in metadata text', () => {
    expect(
      escapeMarkdown('Use <script> | [link](x) *bold* `code`\n# heading'),
    ).toBe(
      'Use \\<script\\> \\| \\[link\\](x) \\*bold\\* \\`code\\` # heading',
    );
    // The catalogue's own angle brackets stay text, not HTML.
    expect(page).toContain('\\<namespace\\>/\\<name\\>');
  });
});
