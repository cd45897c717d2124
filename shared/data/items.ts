/** Attributes that belong to the table's key design, not to the domain record. */
const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'entity', 'expiresAt'];

export function stripKeys<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.includes(k)) out[k] = v;
  return out as T;
}

/** Paging cursor for clients: DynamoDB's LastEvaluatedKey, opaque and URL-safe. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not valid for this list');
    this.name = 'InvalidCursorError';
  }
}

/** A cursor must belong to the very partition being listed; anything else is a client error. */
export function decodeCursor(cursor: string | undefined, partition: { name: string; value: string }): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new InvalidCursorError();
  const key = v as Record<string, unknown>;
  if (key[partition.name] !== partition.value || Object.values(key).some((x) => typeof x !== 'string')) throw new InvalidCursorError();
  return key;
}
