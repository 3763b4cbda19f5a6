import type { GoldenPathPreset } from '@meshpath/plugin-mesh-common';

/** A preset's value as the form shows it: lists comma-separated, the rest as JSON would. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  return JSON.stringify(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The preset's defaults as dotted fields and values, in the order config gave them. */
export function flattenDefaults(
  defaults: GoldenPathPreset['defaults'] | Record<string, unknown>,
  prefix = '',
): Array<{ field: string; value: string }> {
  if (!isRecord(defaults)) return [];
  return Object.entries(defaults).flatMap(([key, value]) => {
    const field = prefix ? `${prefix}.${key}` : key;
    return isRecord(value)
      ? flattenDefaults(value, field)
      : [{ field, value: valueText(value) }];
  });
}
