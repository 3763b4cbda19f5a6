import fc from 'fast-check';

/** Pieces of text that mean something to YAML, Markdown, paths, templates or terminals. */
const nasty = [
  '---',
  '...',
  '&a',
  '*a',
  '&a x',
  '*a x',
  '<<: *a',
  '!!binary',
  '!!js/function',
  '!<tag:yaml.org,2002:str>',
  '%YAML 1.1',
  '"',
  "'",
  '`',
  '```',
  '\\',
  ':',
  ': ',
  ' #',
  '#',
  '- ',
  '? ',
  '|',
  '>',
  '{',
  '}',
  '[',
  ']',
  ',',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '\0',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066',
  '\u200b',
  '\ufeff',
  '\ud800',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '..',
  '../',
  '../..',
  '/',
  '/etc/passwd',
  'C:\\Windows',
  '~',
  'null',
  'true',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  '010',
  '0o17',
  '0x1F',
  '1e3',
  '1_000',
  '.inf',
  '.nan',
  '2001-12-14',
  '${{ parameters.x }}',
  '{{ x }}',
  '{% x %}',
  '<img src=x onerror=alert(1)>',
  '&amp;',
  '[x](https://evil.example)',
  '**',
  '_',
  '@admin',
  '#1',
  '!1',
  'www.evil.example',
  'http://evil.example',
  ' ',
  '',
];

/** Values that are valid on their own: hostile pieces get mixed into them. */
const plain = [
  'payments',
  'v1',
  'a',
  'storefront/storefront',
  'istio-system/public-gateway',
  'shop.example.com',
  'https://login.example.com/',
  '3s',
  'deploy',
];

const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...nasty) },
  { weight: 2, arbitrary: fc.constantFrom(...plain) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);

/** Text a template user could type or a template could render. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .array(fragment, { minLength: 1, maxLength: 6 })
      .map(parts => parts.join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fragment, fc.integer({ min: 50, max: 3000 }))
      .map(([part, times]) => (part || 'x').repeat(times)),
  },
);

/** Valid names YAML 1.1 would read as something other than text. */
export const ambiguousLabel = fc.constantFrom(
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'true',
  'null',
  '010',
  '0o17',
  '0x1f',
  '1e3',
  '123',
);

/**
 * Mostly the valid value, sometimes hostile text in its place: rarely enough
 * that a good share of inputs with a dozen fields passes every check.
 */
export function field<T>(
  valid: fc.Arbitrary<T>,
  hostile: fc.Arbitrary<unknown> = hostileText,
) {
  return fc.oneof(
    { weight: 12, arbitrary: valid },
    { weight: 1, arbitrary: hostile },
  );
}

/** Numbers of every kind the JSON schema lets through, and some it does not. */
export const anyNumber = fc.oneof(
  fc.integer({ min: -10, max: 70000 }),
  fc.double(),
  fc.constantFrom(0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER + 2),
);

/** Folders a template could name: inside the workspace, or trying not to be. */
export const workspacePath = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'deploy/mesh',
      'deploy',
      '.',
      'a/b/c',
      './deploy',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      hostileText,
      fc.constantFrom(
        '../outside',
        'deploy/../../outside',
        '/etc',
        '/tmp',
        '..',
        '',
        '\\..\\..\\outside',
        'deploy/%2e%2e/x',
        'deploy\u0000/x',
      ),
    ),
  },
);

/** JSON a template could render in place of any parameter, own __proto__ keys included. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    JSON.parse('{"__proto__": {"polluted": true}}'),
    JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
    [],
    {},
    null,
  ),
);
