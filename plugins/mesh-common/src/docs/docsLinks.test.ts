import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

// Relative links between the adopter docs and the READMEs point at files that
// exist, so moving or renaming a page cannot leave dead links behind.

const repositoryRoot = join(__dirname, '..', '..', '..', '..');

function markdownPages(): string[] {
  const pages = [join(repositoryRoot, 'README.md')];
  for (const folder of ['docs']) {
    for (const name of readdirSync(join(repositoryRoot, folder)))
      if (name.endsWith('.md')) pages.push(join(repositoryRoot, folder, name));
  }
  for (const name of readdirSync(join(repositoryRoot, 'plugins'))) {
    const readme = join(repositoryRoot, 'plugins', name, 'README.md');
    if (existsSync(readme)) pages.push(readme);
  }
  return pages;
}

function relativeLinks(markdown: string): string[] {
  // Inline links outside code: [text](target)
  const text = markdown
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map(m => m[1])
    .filter(target => !/^([a-z]+:|#)/i.test(target));
}

describe('links between the docs and the READMEs', () => {
  it.each(markdownPages().map(page => [relative(repositoryRoot, page), page]))(
    '%s links only to files that exist',
    (_name, page) => {
      const dead = relativeLinks(readFileSync(page, 'utf8')).filter(
        target => !existsSync(join(dirname(page), target.split('#')[0])),
      );
      expect(dead).toEqual([]);
    },
  );

  it('finds relative links and skips URLs, anchors and code', () => {
    expect(
      relativeLinks(
        '[a](rules.md#mp1101) [b](https://x) [c](#top) `[d](e.md)`\n```\n[f](g.md)\n```',
      ),
    ).toEqual(['rules.md#mp1101']);
  });
});
