/**
 * Sets a key read from YAML as plain data: `__proto__` becomes an own
 * property, as the `yaml` library keeps it, instead of a prototype change.
 */
export function setDataProperty(
  record: Record<string, unknown>,
  key: string,
  value: unknown,
): void {
  if (key === '__proto__')
    Object.defineProperty(record, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else record[key] = value;
}
