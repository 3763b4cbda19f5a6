/** One document of a YAML stream: its text (from its `---` line, if any) and its first line. */
export interface DocumentChunk {
  text: string;
  /** 1-based line of the chunk's first character in the whole text. */
  line: number;
}

// YAML forbids `---` + space at the start of a line inside a document: it always starts the next one.
// Lines end at LF only: JavaScript's multiline `^` would also start one after U+2028, which YAML does not.
const documentStart = /\n---(?=[ \t\r\n]|$)/g;

/**
 * Whether the text can be cut at its `---` lines into documents that parse
 * alone as they would in the stream. Directives and `...` end markers carry
 * state from one document to the next, and a lone CR counts as a line break
 * for YAML but not for the line numbers here: such text is parsed whole.
 */
export function isSplittable(text: string): boolean {
  return !/(?:^|\n)(?:%|\.\.\.(?:[ \t\r\n]|$))|\r(?!\n)/.test(text);
}

/** Cuts a YAML stream at its document start markers. */
export function documentChunks(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let start = 0;
  let line = 1;
  const push = (end: number) => {
    const chunkText = text.slice(start, end);
    chunks.push({ text: chunkText, line });
    line += countLines(chunkText);
    start = end;
  };
  for (const match of text.matchAll(documentStart)) push(match.index + 1);
  push(text.length);
  return chunks;
}

function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1))
    count++;
  return count;
}

const blankOrComment = /^[ \t]*(?:#[^\n]*)?\r?$/;

/**
 * The line a document's content starts on, as the precise parser gives it:
 * the first line after the marker that holds more than blanks and comments.
 */
export function contentLine(chunk: DocumentChunk): number {
  const { text } = chunk;
  let line = chunk.line;
  let at = 0;
  if (/^---(?:[ \t\r\n]|$)/.test(text)) at = 3;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    if (!blankOrComment.test(text.slice(at, end === -1 ? text.length : end)))
      return line;
    if (end === -1) break;
    at = end + 1;
    line++;
  }
  return line;
}
