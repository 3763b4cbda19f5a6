import { InputError } from '@backstage/errors';
import { z, type ZodErrorMap, type ZodTypeAny } from 'zod/v3';
import { quoteValue } from '../goldenPaths/checkParameters';

/** An action's input schema, as `createTemplateAction` takes it. */
export type InputShape = Record<string, (zod: typeof z) => ZodTypeAny>;

/** What an input shape parses to, defaults applied. */
export type ParsedInput<S extends InputShape> = {
  [K in keyof S]: z.output<ReturnType<S[K]>>;
};

const at = (path: Array<string | number>) =>
  path
    .map((key, i) =>
      typeof key === 'number' ? `[${key}]` : `${i > 0 ? '.' : ''}${key}`,
    )
    .join('') || 'input';

// zod's own messages repeat what was received; a parameter's value, or an
// unknown key, may be long or hostile, so messages name the path only.
const errorMap: ZodErrorMap = (issue, context) => {
  switch (issue.code) {
    case 'unrecognized_keys':
      return {
        message: `not a parameter: ${issue.keys.map(quoteValue).join(', ')}`,
      };
    case 'invalid_enum_value':
      return {
        message: `must be one of ${issue.options
          .map(option => String(option))
          .join(', ')}`,
      };
    case 'invalid_literal':
      return { message: `must be ${JSON.stringify(issue.expected)}` };
    case 'invalid_union':
      return { message: 'is none of the accepted values' };
    default:
      return { message: context.defaultError };
  }
};

/**
 * The step's input checked against the action's own schema, unknown keys
 * refused, defaults applied. The scaffolder checks the same schema before a
 * step runs; the handler does not rely on it.
 */
export function parseInput<S extends InputShape>(
  shape: S,
  input: unknown,
): ParsedInput<S> {
  const schema = z
    .object(
      Object.fromEntries(
        Object.entries(shape).map(([key, type]) => [key, type(z)]),
      ),
    )
    .strict();
  const result = schema.safeParse(input, { errorMap });
  if (!result.success) {
    const problems = result.error.issues.map(
      issue => `${at(issue.path)}: ${issue.message}`,
    );
    const shown = problems.slice(0, 20);
    if (problems.length > shown.length)
      shown.push(`and ${problems.length - shown.length} more`);
    throw new InputError(
      `Refused ${problems.length} parameter(s):\n- ${shown.join('\n- ')}`,
    );
  }
  return result.data as ParsedInput<S>;
}
