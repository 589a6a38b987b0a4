/**
 * `record[key]` only when `key` is the record's own property. Keys from alerts, imported pages
 * or other untrusted text may be `constructor`, `toString` or `__proto__`: read from a plain
 * object they would find Object.prototype's members instead of nothing.
 */
export const ownValue = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);
