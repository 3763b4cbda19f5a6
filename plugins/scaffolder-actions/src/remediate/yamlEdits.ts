import {
  Document,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  stringify,
  YAMLMap,
} from 'yaml';

/** One change to a file's text: the rest of the file stays byte for byte. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

const columnOf = (text: string, offset: number) =>
  offset - (text.lastIndexOf('\n', offset - 1) + 1);

/** A plain scalar where YAML would read one, quoted where it would not (`on`, `010`, `3:00`). */
function scalarText(value: string | number): string {
  return stringify(value).trimEnd();
}

/**
 * A manifest file edited through the `yaml` Document API for reading and by
 * splicing text for writing, so comments, quoting and indentation outside
 * the change are kept exactly.
 */
export class ManifestFile {
  private text: string;
  private docs: Document.Parsed[];

  constructor(readonly path: string, readonly original: string) {
    this.text = original;
    this.docs = parseAllDocuments(original, { uniqueKeys: false }).filter(
      (d): d is Document.Parsed => d instanceof Document,
    );
  }

  get content(): string {
    return this.text;
  }

  get changed(): boolean {
    return this.text !== this.original;
  }

  /** The parsed documents, as plain values, with their index. */
  objects(): Array<{ index: number; value: any }> {
    return this.docs
      .map((doc, index) => ({
        index,
        value: doc.errors.length ? undefined : doc.toJS(),
      }))
      .filter(o => o.value && typeof o.value === 'object');
  }

  /**
   * Sets `path` (keys; numbers index sequences) in document `index` to
   * `value`, inserting the missing maps; true when the text changed.
   * A value that is already there changes nothing.
   */
  set(index: number, path: Array<string | number>, value: unknown): boolean {
    const doc = this.docs[index];
    let node: unknown = doc.contents;
    for (let i = 0; i < path.length; i++) {
      const key = path[i];
      if (typeof key === 'number') {
        if (!isSeq(node)) return false;
        node = node.items[key];
        continue;
      }
      if (!isMap(node)) return false;
      // Keys compare as text: `9090:` is a number to YAML and a string in the path.
      const child = node.items.find(
        pair => String(isScalar(pair.key) ? pair.key.value : pair.key) === key,
      )?.value;
      if (child === undefined || child === null) {
        const rest = path.slice(i + 1) as string[];
        const entry = rest.reduceRight<unknown>(
          (inner, k) => ({ [k]: inner }),
          value,
        );
        return this.insert(node, key, entry);
      }
      if (i === path.length - 1) {
        if (!isScalar(child) || !child.range) return false;
        if (child.value === value) return false;
        return this.apply({
          start: child.range[0],
          end: child.range[1],
          text: scalarText(value as string | number),
        });
      }
      node = child;
    }
    return false;
  }

  /** Appends `entry` to the sequence at `path` of document `index`, unless it is there. */
  append(index: number, path: string[], entry: string): boolean {
    const seq = this.docs[index].getIn(path, true);
    if (!isSeq(seq) || !seq.range) return false;
    if (seq.items.some(item => isScalar(item) && item.value === entry))
      return false;
    if (seq.flow) {
      const close = this.text.lastIndexOf(']', seq.range[1]);
      const sep = seq.items.length ? ', ' : '';
      return this.apply({ start: close, end: close, text: `${sep}${entry}` });
    }
    const last = seq.items[seq.items.length - 1] as { range?: number[] };
    const end = last?.range?.[1] ?? seq.range[1];
    const dash = this.text.lastIndexOf('-', (last?.range?.[0] ?? end) - 1);
    const column = columnOf(this.text, dash);
    return this.apply({
      start: end,
      end,
      text: `\n${' '.repeat(column)}- ${scalarText(entry)}`,
    });
  }

  private insert(map: YAMLMap, key: string, value: unknown): boolean {
    if (!map.range) return false;
    if (map.flow) {
      // A flow map (`{ }`) gets the entry inline, as its author wrote the rest.
      const close = this.text.lastIndexOf('}', map.range[1]);
      const sep = map.items.length ? ', ' : ' ';
      const flowValue = stringify({ [key]: value }, { collectionStyle: 'flow' })
        .trim()
        .replace(/^\{ ?|\s?\}$/g, '');
      return this.apply({
        start: close,
        end: close,
        text: `${sep}${flowValue}${map.items.length ? '' : ' '}`,
      });
    }
    // Before the first key, at its column: the new lines read as the map's own.
    const start = map.range[0];
    const column = columnOf(this.text, start);
    const lines = stringify({ [key]: value })
      .trimEnd()
      .split('\n');
    const text = `${lines
      .map((line, i) => (i === 0 ? line : `${' '.repeat(column)}${line}`))
      .join('\n')}\n${' '.repeat(column)}`;
    return this.apply({ start, end: start, text });
  }

  private apply(edit: Edit): boolean {
    this.text =
      this.text.slice(0, edit.start) + edit.text + this.text.slice(edit.end);
    // Offsets after the edit moved: read the file again before the next one.
    this.docs = parseAllDocuments(this.text, { uniqueKeys: false }).filter(
      (d): d is Document.Parsed => d instanceof Document,
    );
    return true;
  }
}
