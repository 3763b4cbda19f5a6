import fc from 'fast-check';
import { readCodeSpan, readText } from '../__testUtils__/markdown';
import { inlineCode, markdownText, visibleText } from './markdown';

const hostile = [
  'https://login.example.com/` [click](https://evil.example) <img src=x onerror=alert(1)> `',
  '``` injected fence',
  '`',
  ' ` ',
  '@admin please approve #123 !45 ~label %v1 $snippet &epic',
  '<script>alert(1)</script>&lt;b&gt;',
  '**bold** _em_ ~~strike~~ [x][y] ![img](http://x/y.png)',
  'line one\n\n# Heading\n| a | b |\n---',
  'visit www.evil.example or http://evil.example or GH-12 or a@b.example',
  'right-to-left \u202e override and zero\u200bwidth \ufeff bom',
  '\\` backslash before a backtick',
];

describe('inlineCode', () => {
  it.each(hostile)('shows %j literally in one code span', value => {
    const markdown = inlineCode(value);
    expect(readCodeSpan(markdown)).toBe(visibleText(value));
  });

  it('uses a fence longer than any backtick run inside', () => {
    expect(inlineCode('a``b')).toBe('```a``b```');
    expect(inlineCode('`x`')).toBe('`` `x` ``');
    expect(inlineCode('plain')).toBe('`plain`');
  });

  it('keeps any value on one line inside its code span', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), value => {
        const markdown = inlineCode(value);
        expect(markdown).not.toMatch(/[\r\n\u2028\u2029]/);
        // An empty code span is not one: nothing shows as one space.
        expect(readCodeSpan(markdown)).toBe(visibleText(value) || ' ');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('markdownText', () => {
  it('escapes every Markdown metacharacter', () => {
    expect(markdownText('**a** [b](c) <d> `e` #1 x_y')).toBe(
      '\\*\\*a\\*\\* \\[b\\]\\(c\\) \\<d\\> \\`e\\` \\#&#8203;1 x\\_y',
    );
  });

  it('breaks mentions, references, entities and bare URLs', () => {
    expect(markdownText('@team')).toBe('\\@&#8203;team');
    expect(markdownText('&amp;')).toBe('\\&&#8203;amp\\;');
    expect(markdownText('https://x')).toBe('https\\:&#8203;\\/\\/x');
    expect(markdownText('www.x.example')).toBe('www&#8203;\\.x\\.example');
    expect(markdownText('GH-12')).toBe('GH&#8203;\\-12');
    expect(markdownText('see GH-12')).toBe('see GH&#8203;\\-12');
    expect(markdownText('a: b')).toBe('a\\: b');
  });

  it('shows line breaks and invisible characters as code points', () => {
    expect(markdownText('a\nb\u202ec')).toBe('a\\\\u000Ab\\\\u202Ec');
    expect(visibleText('\u{e0041}')).toBe('\\u{E0041}');
  });

  it('reads as the value and leaves no Markdown syntax for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), value => {
        const markdown = markdownText(value);
        expect(markdown).not.toMatch(/[\r\n\u2028\u2029]/);
        // Every ASCII punctuation character is escaped, but our own entities.
        const bare = markdown.replace(/&#8203;/g, '');
        expect(bare.replace(/\\[!-/:-@[-`{-~]/g, '')).not.toMatch(
          /[!-/:-@[-`{-~]/,
        );
        expect(readText(markdown).replace(/\u200b/g, '')).toBe(
          visibleText(value).replace(/\u200b/g, ''),
        );
        // No sigil directly followed by what a platform would read as a reference.
        expect(readText(markdown)).not.toMatch(/[@#!~%$&^:][^\s\u200b]/);
      }),
      { numRuns: 2000 },
    );
  });
});
