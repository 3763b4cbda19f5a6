import { InputError } from '@backstage/errors';
import { HistoryPosition } from '../database';

/** The opaque `nextCursor` of a history page: where the next page starts. */
export function encodeHistoryCursor(position: HistoryPosition): string {
  return Buffer.from(
    JSON.stringify([position.recordedAt, position.id]),
  ).toString('base64url');
}

/** The position a `cursor` parameter names; InputError for anything this API did not hand out. */
export function decodeHistoryCursor(cursor: string): HistoryPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 2) {
    const [recordedAt, id] = decoded;
    if (
      typeof recordedAt === 'string' &&
      !Number.isNaN(Date.parse(recordedAt)) &&
      Number.isSafeInteger(id) &&
      id >= 0
    ) {
      return { recordedAt: new Date(recordedAt).toISOString(), id };
    }
  }
  throw new InputError('cursor must be a nextCursor returned by this API');
}
