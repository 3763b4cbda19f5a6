/**
 * What CommonMark shows for text that must be exactly one code span: the
 * opening backtick run, the content up to the first run of the same length,
 * which must end the text, one space stripped from each end when both have one.
 */
export function readCodeSpan(markdown: string): string | undefined {
  const fence = /^`+/.exec(markdown)?.[0];
  if (!fence) return undefined;
  const runs = /`+/g;
  runs.lastIndex = fence.length;
  for (let run = runs.exec(markdown); run; run = runs.exec(markdown)) {
    if (run[0].length !== fence.length) continue;
    if (run.index + run[0].length !== markdown.length) return undefined;
    const content = markdown.slice(fence.length, run.index);
    if (/[\r\n]/.test(content)) return undefined;
    return /^ [^]* $/.test(content) && /[^ ]/.test(content)
      ? content.slice(1, -1)
      : content;
  }
  return undefined;
}

/** What CommonMark shows for escaped text: escapes and entities resolved. */
export function readText(markdown: string): string {
  return markdown
    .replace(/&#8203;/g, '\u200b')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
