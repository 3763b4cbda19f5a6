/**
 * Escaping for values a template user or entity author controls that end up
 * in Markdown (the pull request body, the task's output text). CommonMark,
 * GitHub and GitLab flavoured, and Backstage's MarkdownContent agree on it.
 */

// Controls, line/paragraph separators, format characters (bidi overrides,
// zero-width), lone surrogates and private-use code points: invisible, or
// they end the line, reorder it or hide what it says.
const invisible = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/gu;

/** The value on one line, every invisible or line-breaking character shown as its code point. */
export function visibleText(value: string): string {
  return value.replace(invisible, character => {
    const code = character.codePointAt(0)!.toString(16).toUpperCase();
    return code.length > 4 ? `\\u{${code}}` : `\\u${code.padStart(4, '0')}`;
  });
}

/**
 * A code span showing the value literally. Its fence is one backtick longer
 * than the longest run inside, so the value cannot close it; nothing inside
 * a code span is a link, mention, reference, emphasis or HTML.
 */
export function inlineCode(value: string): string {
  const shown = visibleText(value);
  if (shown.length === 0) return '` `';
  const longestRun = Math.max(
    0,
    ...(shown.match(/`+/g) ?? []).map(run => run.length),
  );
  const fence = '`'.repeat(longestRun + 1);
  // CommonMark strips one space from each end when both ends have one, and a
  // backtick at an end would merge with the fence: pad, and it is stripped.
  const pad =
    /^`|`$/.test(shown) || (/^ [^]* $/.test(shown) && /[^ ]/.test(shown))
      ? ' '
      : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

// Breaks a reference after its sigil, invisibly: the rendered text reads the
// same, but no platform recognises it. An entity, so the escape leaves it be.
const ZERO_WIDTH_SPACE = '&#8203;';
// @mention, #issue, GitLab's !merge-request ~label %milestone $snippet &epic
// ^, and : (URL schemes, :emoji:), when something follows the sigil.
const sigils = new Set(['@', '#', '!', '~', '%', '$', '&', '^', ':']);
const asciiPunctuation = /[!-/:-@[-`{-~]/g;

/**
 * Plain text that reads as the value and does nothing else: every ASCII
 * punctuation character is backslash-escaped (no emphasis, link, image,
 * HTML, entity, heading, list or table), references, mentions and bare URLs
 * are broken with a zero-width space, and the value stays on one line.
 */
export function markdownText(value: string): string {
  return visibleText(value).replace(
    asciiPunctuation,
    (character, offset: number, text: string) => {
      const next = text[offset + 1];
      const before = text.slice(Math.max(0, offset - 3), offset);
      const breaksAfter =
        sigils.has(character) && next !== undefined && next !== ' ';
      // GFM links www.example.com and GitHub links GH-123 without a sigil.
      const breaksBefore =
        (character === '.' && /www$/i.test(before)) ||
        (character === '-' && /(^|\W)gh$/i.test(before));
      return `${breaksBefore ? ZERO_WIDTH_SPACE : ''}\\${character}${
        breaksAfter ? ZERO_WIDTH_SPACE : ''
      }`;
    },
  );
}
