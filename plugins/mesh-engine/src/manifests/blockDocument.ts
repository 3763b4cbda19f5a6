import { plainScalar } from './coreScalars';
import { setDataProperty } from './dataProperty';

const notPrintableAscii = /[^\n\x20-\x7e]/;

/** Thrown inside the reader for anything outside its subset; never escapes it. */
const GIVE_UP = new Error('not plain block YAML');

/** Values aliases may copy in one document; the precise parser allows at least this many. */
const ALIAS_COPY_ALLOWANCE = 1_000;

/** Collections nested deeper are for the general readers (and keep this reader's stack small). */
const DEEPEST = 64;

/** The longest implicit key YAML allows is 1,024 characters; stay inside it. */
const LONGEST_KEY = 1_000;

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const QUOTE = 34;
const APOSTROPHE = 39;
const AMPERSAND = 38;
const ASTERISK = 42;
const BRACE = 123;
const BRACKET = 91;
const BACKSLASH = 92;
const PIPE = 124;

/** Characters a plain scalar may start with; `-` only before a non-space, checked apart. */
const plainStart = (() => {
  const allowed = new Uint8Array(128);
  for (let code = 0; code < 128; code++) {
    const char = String.fromCharCode(code);
    allowed[code] = /[A-Za-z0-9_./$()+^=;<~\\]/.test(char) ? 1 : 0;
  }
  return allowed;
})();

const anchorName = /^[A-Za-z0-9_-]+$/;

/**
 * Keys already read, by length and first character (each checked valid when
 * first met). Manifests repeat a few hundred keys: one found here is compared
 * in place, not cut out of the text and hashed again as a property name.
 */
const REMEMBERED_KEY_LENGTH = 48;
const KEYS_PER_SLOT = 8;
const rememberedKeys: Array<string[] | undefined> = new Array(
  (REMEMBERED_KEY_LENGTH + 1) * 128,
);

/** Where each content line starts and ends, and its indent: reused by every document (reading is synchronous). */
const lineTable = {
  starts: new Int32Array(1024),
  ends: new Int32Array(1024),
  indents: new Int32Array(1024),
};

const giveUp = (): never => {
  throw GIVE_UP;
};

class BlockReader {
  private readonly text: string;
  /** Content lines (not blank, not comments): where their content starts and ends, and their indent. */
  private starts: Int32Array = lineTable.starts;
  private ends: Int32Array = lineTable.ends;
  private indents: Int32Array = lineTable.indents;
  private count = 0;
  private line = 0;
  private anchors?: Map<string, unknown>;
  private copies = 0;
  private depth = 0;
  /** Whether a `#` is anywhere in the text: without one, no line has a comment to look for. */
  private readonly hasHash: boolean;

  constructor(text: string) {
    this.text = text;
    this.hasHash = text.includes('#');
    let at = 0;
    if (text.startsWith('---')) {
      // The marker line may carry a comment, nothing else.
      const end = lineEnd(text, 3);
      let p = 3;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      if (p < end && (text.charCodeAt(p) !== HASH || p === 3)) giveUp();
      at = end + 1;
    }
    while (at <= text.length) {
      const end = lineEnd(text, at);
      let p = at;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      if (p < end && text.charCodeAt(p) !== HASH) {
        // A line starting with `---` or `...` in a document would be a marker.
        if (
          p === at &&
          (text.startsWith('---', p) || text.startsWith('...', p))
        )
          giveUp();
        if (this.count === this.starts.length) this.grow();
        this.starts[this.count] = p;
        this.ends[this.count] = end;
        this.indents[this.count] = p - at;
        this.count++;
      }
      at = end + 1;
    }
  }

  /** Room for more lines: the tables are shared by every document read, and only grow. */
  private grow(): void {
    const size = this.starts.length * 2;
    const larger = (old: Int32Array) => {
      const table = new Int32Array(size);
      table.set(old);
      return table;
    };
    lineTable.starts = this.starts = larger(this.starts);
    lineTable.ends = this.ends = larger(this.ends);
    lineTable.indents = this.indents = larger(this.indents);
  }

  document(): unknown {
    if (this.count === 0) return null;
    const value = this.block(this.indents[0]);
    // Content left over sits at an indent no collection owns.
    if (this.line < this.count) giveUp();
    return value;
  }

  /** The collection that starts at the current line, at its indent. */
  private block(indent: number): unknown {
    if (++this.depth > DEEPEST) giveUp();
    const value = this.isSequenceEntry(this.line)
      ? this.sequence(indent)
      : this.mapping(indent);
    this.depth--;
    return value;
  }

  private isSequenceEntry(line: number): boolean {
    const start = this.starts[line];
    return (
      this.text.charCodeAt(start) === DASH &&
      (start + 1 === this.ends[line] ||
        this.text.charCodeAt(start + 1) === SPACE)
    );
  }

  private mapping(indent: number): Record<string, unknown> {
    const record: Record<string, unknown> = {};
    const { starts, ends, indents } = this;
    while (this.line < this.count && indents[this.line] >= indent) {
      if (indents[this.line] > indent || this.isSequenceEntry(this.line))
        giveUp();
      const start = starts[this.line];
      const end = ends[this.line];
      const colon = this.keyEnd(start, end);
      if (colon < 0) giveUp();
      const key = this.key(start, colon);
      if (Object.prototype.hasOwnProperty.call(record, key)) giveUp();
      const value = this.valueAfter(colon + 1, end, indent, true);
      setDataProperty(record, key, value);
    }
    return record;
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    const { starts, ends, indents, text } = this;
    while (
      this.line < this.count &&
      indents[this.line] === indent &&
      this.isSequenceEntry(this.line)
    ) {
      const end = ends[this.line];
      let p = starts[this.line] + 1;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      if (p < end && text.charCodeAt(p) !== HASH && this.keyEnd(p, end) >= 0) {
        // `- key: value`: a mapping whose indent is the column of its first key.
        const column = indent + (p - starts[this.line]);
        starts[this.line] = p;
        indents[this.line] = column;
        if (++this.depth > DEEPEST) giveUp();
        items.push(this.mapping(column));
        this.depth--;
      } else {
        items.push(this.valueAfter(starts[this.line] + 1, end, indent, false));
      }
    }
    if (this.line < this.count && indents[this.line] > indent) giveUp();
    return items;
  }

  /**
   * Where a mapping key ends (its `:`), or -1 when the text from `start` is
   * not a key: a `:` followed by a space or the line end, before any comment.
   */
  private keyEnd(start: number, end: number): number {
    const { text } = this;
    const first = text.charCodeAt(start);
    if (first === QUOTE || first === APOSTROPHE) {
      const close = this.quoteEnd(start, end);
      const colon = close + 1;
      const isKey =
        colon < end &&
        text.charCodeAt(colon) === COLON &&
        (colon + 1 === end || text.charCodeAt(colon + 1) === SPACE);
      return isKey ? colon : -1;
    }
    if (!this.hasHash) return this.mappingColon(start, end);
    for (let p = start; p < end; p++) {
      const code = text.charCodeAt(p);
      if (code === COLON) {
        if (p + 1 === end || text.charCodeAt(p + 1) === SPACE) return p;
      } else if (code === HASH && text.charCodeAt(p - 1) === SPACE) {
        return -1;
      }
    }
    return -1;
  }

  /** The first `:` before a space or the line end, found by Node's own search: for documents without comments. */
  private mappingColon(start: number, end: number): number {
    const { text } = this;
    for (
      let p = text.indexOf(':', start);
      p !== -1 && p < end;
      p = text.indexOf(':', p + 1)
    )
      if (p + 1 === end || text.charCodeAt(p + 1) === SPACE) return p;
    return -1;
  }

  /** A key: a plain scalar that resolves to a string, or a quoted one. */
  private key(start: number, colon: number): string {
    const { text } = this;
    const first = text.charCodeAt(start);
    if (first === QUOTE || first === APOSTROPHE) {
      const key = this.quoted(start, colon - 1);
      if (key.length > LONGEST_KEY) giveUp();
      return key;
    }
    const length = colon - start;
    const slot =
      length <= REMEMBERED_KEY_LENGTH && first < 128
        ? length * 128 + first
        : -1;
    const seen = slot >= 0 ? rememberedKeys[slot] : undefined;
    if (seen)
      for (const key of seen) if (text.startsWith(key, start)) return key;
    if (
      length > LONGEST_KEY ||
      !this.startsPlain(start, colon) ||
      text.charCodeAt(colon - 1) === SPACE ||
      (first === 60 && text.charCodeAt(start + 1) === 60) // `<<`, a merge key elsewhere
    )
      giveUp();
    const key = text.slice(start, colon);
    if (typeof plainScalar(key) !== 'string') giveUp();
    if (slot < 0) return key;
    // A property name V8 has already hashed and stored: the next object with this key does no work for it.
    const interned = Object.keys({ [key]: 0 })[0];
    if (!seen) rememberedKeys[slot] = [interned];
    else if (seen.length < KEYS_PER_SLOT) seen.push(interned);
    return interned;
  }

  /**
   * The value after a key's `:` or a sequence's `-`, from `from` to the line
   * end: inline, or (nothing but a comment or an anchor) the block on the
   * lines below. Moves past the lines it reads.
   */
  private valueAfter(
    from: number,
    end: number,
    indent: number,
    inMapping: boolean,
  ): unknown {
    const { text } = this;
    let p = from;
    while (p < end && text.charCodeAt(p) === SPACE) p++;
    if (p < end && p === from) giveUp(); // `key:value` is one scalar, not a pair
    let anchor: string | undefined;
    if (p < end && text.charCodeAt(p) === AMPERSAND) {
      let nameEnd = p + 1;
      while (nameEnd < end && text.charCodeAt(nameEnd) !== SPACE) nameEnd++;
      anchor = text.slice(p + 1, nameEnd);
      if (!anchorName.test(anchor)) giveUp();
      // Until its node ends, the name points nowhere: an alias inside it would be a cycle.
      this.anchors?.delete(anchor);
      p = nameEnd;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
    }
    this.line++;
    let value: unknown;
    if (p < end && text.charCodeAt(p) === PIPE) {
      const scalarEnd = this.literal(p, end, indent);
      value = scalarEnd.value;
      while (this.line < this.count && this.starts[this.line] < scalarEnd.at)
        this.line++;
    } else if (p === end || text.charCodeAt(p) === HASH) {
      const next = this.line;
      if (next < this.count && this.indents[next] > indent)
        value = this.block(this.indents[next]);
      else if (
        inMapping &&
        next < this.count &&
        this.indents[next] === indent &&
        this.isSequenceEntry(next)
      )
        value = this.sequence(indent);
      // a mapping's sequence may sit at the mapping's own indent
      else value = null;
    } else {
      // An alias cannot carry an anchor of its own.
      if (anchor !== undefined && text.charCodeAt(p) === ASTERISK) giveUp();
      value = this.inline(p, end);
      // A deeper line after an inline value would continue it or be an error.
      if (this.line < this.count && this.indents[this.line] > indent) giveUp();
    }
    if (anchor !== undefined) (this.anchors ??= new Map()).set(anchor, value);
    return value;
  }

  /** A value on one line: an alias, `{}`, `[]`, a quoted or a plain scalar, then perhaps a comment. */
  private inline(start: number, end: number): unknown {
    const { text } = this;
    const first = text.charCodeAt(start);
    if (first === QUOTE || first === APOSTROPHE) {
      const close = this.quoteEnd(start, end);
      this.onlyComment(close + 1, end);
      return this.quoted(start, close);
    }
    if (first === ASTERISK) {
      let nameEnd = start + 1;
      while (nameEnd < end && text.charCodeAt(nameEnd) !== SPACE) nameEnd++;
      const name = text.slice(start + 1, nameEnd);
      if (!this.anchors?.has(name)) giveUp();
      this.onlyComment(nameEnd, end);
      return this.copy(this.anchors!.get(name));
    }
    if (first === BRACE || first === BRACKET) {
      let p = start + 1;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      if (text.charCodeAt(p) !== (first === BRACE ? 125 : 93)) giveUp();
      this.onlyComment(p + 1, end);
      return first === BRACE ? {} : [];
    }
    if (!this.startsPlain(start, end)) giveUp();
    // A plain scalar ends at a comment; `: ` inside it would be a nested mapping.
    let last = end;
    if (!this.hasHash) {
      if (this.mappingColon(start, end) !== -1) giveUp();
    } else
      for (let p = start; p < end; p++) {
        const code = text.charCodeAt(p);
        if (code === HASH && text.charCodeAt(p - 1) === SPACE) {
          last = p;
          break;
        }
        if (
          code === COLON &&
          (p + 1 === end || text.charCodeAt(p + 1) === SPACE)
        )
          giveUp();
      }
    while (text.charCodeAt(last - 1) === SPACE) last--;
    return plainScalar(text.slice(start, last));
  }

  /**
   * A literal block scalar (`|` or `|-`) whose header runs from `start` to
   * `end`: its lines are those below indented deeper than `indent`, and
   * blank lines. Gives its value and where its text ends.
   */
  private literal(
    start: number,
    end: number,
    indent: number,
  ): { value: string; at: number } {
    const { text } = this;
    let p = start + 1;
    const strip = text.charCodeAt(p) === DASH;
    if (strip) p++;
    // An indentation indicator, `|+` or anything but a comment after the header: the general readers.
    this.onlyComment(p, end);
    const lines: string[] = [];
    let contentIndent = -1;
    let blankRun = 0;
    let at = end + 1;
    let scalarEnd = end;
    while (at <= text.length) {
      const rowEnd = lineEnd(text, at);
      let q = at;
      while (q < rowEnd && text.charCodeAt(q) === SPACE) q++;
      const spaces = q - at;
      if (q === rowEnd) {
        // A blank line; more spaces than the content's indent before any content is an error.
        if (contentIndent < 0 && spaces > indent + 1) giveUp();
        if (contentIndent >= 0 && spaces > contentIndent) giveUp();
        blankRun++;
      } else {
        if (contentIndent < 0) {
          if (spaces <= indent) break;
          contentIndent = spaces;
        } else if (spaces < contentIndent) {
          if (spaces > indent) giveUp(); // under-indented content
          break;
        }
        for (; blankRun > 0; blankRun--) lines.push('');
        lines.push(text.slice(at + contentIndent, rowEnd));
        scalarEnd = rowEnd;
      }
      at = rowEnd + 1;
    }
    // Empty, or ending the text without a line break: chomping differs there.
    if (contentIndent < 0 || scalarEnd === text.length) giveUp();
    const value = lines.join('\n');
    return { value: strip ? value : `${value}\n`, at: scalarEnd + 1 };
  }

  private startsPlain(start: number, end: number): boolean {
    const code = this.text.charCodeAt(start);
    if (code === DASH)
      return start + 1 < end && this.text.charCodeAt(start + 1) !== SPACE;
    return code < 128 && plainStart[code] === 1;
  }

  /** Index of the quote closing the one at `start`, on this line; no escapes in double quotes. */
  private quoteEnd(start: number, end: number): number {
    const { text } = this;
    const quote = text.charCodeAt(start);
    for (let p = start + 1; p < end; p++) {
      const code = text.charCodeAt(p);
      if (quote === QUOTE && code === BACKSLASH) giveUp();
      if (code === quote) {
        if (quote === APOSTROPHE && text.charCodeAt(p + 1) === APOSTROPHE) p++;
        else return p;
      }
    }
    return giveUp();
  }

  /** The text between the quotes at `start` and `close`. */
  private quoted(start: number, close: number): string {
    const inner = this.text.slice(start + 1, close);
    return this.text.charCodeAt(start) === APOSTROPHE
      ? inner.replace(/''/g, "'")
      : inner;
  }

  /** After a value only blanks and a comment (`#` after a blank) may follow. */
  private onlyComment(from: number, end: number): void {
    let p = from;
    while (p < end && this.text.charCodeAt(p) === SPACE) p++;
    if (p < end && (p === from || this.text.charCodeAt(p) !== HASH)) giveUp();
  }

  /** A copy of an anchored value, as the `yaml` library gives each alias its own. */
  private copy(value: unknown): unknown {
    if (++this.copies > ALIAS_COPY_ALLOWANCE) giveUp();
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(item => this.copy(item));
    const record: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      // Keys count too, as the precise parser counts them.
      if (++this.copies > ALIAS_COPY_ALLOWANCE) giveUp();
      setDataProperty(
        record,
        key,
        this.copy((value as Record<string, unknown>)[key]),
      );
    }
    return record;
  }
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

/**
 * A reader for the YAML manifests are nearly always written in: printable
 * ASCII, block mappings and sequences indented by spaces, one-line plain,
 * quoted (no escapes) or empty flow scalars, literal block scalars (`|`,
 * `|-`), comments, and anchors with aliases. It reads a line at a time, several times
 * faster than a general YAML parser. Anything else (a tab, a block scalar,
 * a flow collection with content, an escape, a multi-line scalar, a
 * duplicate key, a key that is not a string) gives up with undefined, and
 * the document goes to the general readers; whatever this reader accepts it
 * reads exactly as the `yaml` library does (a differential test holds them
 * together).
 */
export function readBlockDocument(
  text: string,
): { value: unknown } | undefined {
  // Anything outside printable ASCII (tabs, CR, BOM, Unicode spaces) is for the general readers.
  if (notPrintableAscii.test(text)) return undefined;
  try {
    return { value: new BlockReader(text).document() };
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}
