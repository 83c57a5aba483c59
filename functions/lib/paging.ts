import { MAX_PAGE, type PageQuery } from '../../shared/schemas/common';
import { badCursor } from './store';

/** Where the next page of an in-memory list starts: the list's name and a position in it. */
function encode(list: string, offset: number): string {
  return Buffer.from(JSON.stringify({ list, offset }), 'utf8').toString('base64url');
}

function decode(cursor: string, list: string, length: number): number {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const { list: named, offset } = (key ?? {}) as { list?: unknown; offset?: unknown };
  if (named !== list || !Number.isInteger(offset) || (offset as number) < 1 || (offset as number) > length) {
    throw badCursor();
  }
  return offset as number;
}

/**
 * One page of a list that is read whole (a clinic's visit categories, an account's tickets of today,
 * the scheduled jobs): `limit` items at most (default and ceiling 100) from the cursor's position,
 * and `nextCursor` when the list was cut. The answer's other fields stay as they are.
 */
export function pageOfList<R extends { items: readonly unknown[] }>(
  list: string,
  whole: R,
  page: PageQuery,
): R & { nextCursor?: string } {
  const from = page.cursor ? decode(page.cursor, list, whole.items.length) : 0;
  const to = from + Math.min(page.limit ?? MAX_PAGE, MAX_PAGE);
  const { nextCursor: _ignored, ...rest } = whole as R & { nextCursor?: string };
  return {
    ...(rest as R),
    items: whole.items.slice(from, to),
    ...(to < whole.items.length ? { nextCursor: encode(list, to) } : {}),
  };
}
