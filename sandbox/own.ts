// Lookups by names that come from requests or templates. A plain object answers "constructor" or
// "toString" from its prototype; these helpers only see the object's own keys.
export function own<T>(obj: Record<string, T> | undefined, key: string): T | undefined {
  return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export const has = (obj: object | undefined, key: string): boolean => obj !== undefined && Object.hasOwn(obj, key);
