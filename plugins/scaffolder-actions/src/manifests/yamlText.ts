import { Document, Schema, Scalar, visit } from 'yaml';

// How YAML 1.2 (core) and YAML 1.1 readers type a plain scalar: the tests of
// their implicit tags, as the YAML library resolves them.
const implicitTypes = ['core', 'yaml-1.1'].flatMap(schema =>
  new Schema({ schema: schema as 'core' | 'yaml-1.1' }).tags.flatMap(tag =>
    tag.default && tag.test && tag.tag !== 'tag:yaml.org,2002:str'
      ? [tag.test]
      : [],
  ),
);

/**
 * Whether text written as a plain scalar reads back as the same text to a
 * YAML 1.1 reader (kubectl, Flux, go-yaml) and a YAML 1.2 reader: `yes`,
 * `on`, `010` or `0o17` do not.
 */
export function readsBackAsText(value: string): boolean {
  return !implicitTypes.some(test => test.test(value));
}

/** Double-quotes every text scalar a YAML 1.1 or 1.2 reader would not read back as that text. */
function quoteAmbiguousText(document: Document): void {
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && !readsBackAsText(node.value))
        node.type = Scalar.QUOTE_DOUBLE;
    },
  });
}

/** YAML text of a value that YAML 1.1 and 1.2 readers read back the same: no anchors, aliases or tags. */
export function toYaml(value: unknown): string {
  const document = new Document(value, {
    version: '1.1',
    aliasDuplicateObjects: false,
  });
  quoteAmbiguousText(document);
  return document.toString({ lineWidth: 0 });
}
