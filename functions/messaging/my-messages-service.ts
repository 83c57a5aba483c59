import { NotFoundError, ValidationError } from '../../shared/errors';
import { type ListResult, MAX_PAGE } from '../../shared/schemas/common';
import type { MyMessagesQuery, MyMessageView } from '../../shared/schemas/messages';
import type { Ctx } from '../lib/context';
import { patientsOfAccount } from '../patients/patient-list-repository';
import { getPatient, type PatientRecord } from '../patients/patient-repository';
import { type PlacedMessage, sentMessagesOfPatient } from './outbox-repository';

const DEFAULT_PAGE = 20;

const badCursor = () =>
  new ValidationError('查询参数不正确', { fields: [{ path: 'cursor', message: '翻页位置无效，请从第一页重新开始' }] });

// The cursor is the place of the last message shown (due time and id), opaque to the caller.
const encodeCursor = (place: string) => Buffer.from(place, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const place = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{4}-\d\d-\d\dT[\d:.]+Z#[a-z]+#/.test(place)) throw badCursor();
  return place;
}

/** The profiles asked about: one of the account's (someone else's answers like a missing one) or all of them. */
async function profilesAsked(accountId: string, patientId: string | undefined): Promise<PatientRecord[]> {
  if (!patientId) return patientsOfAccount(accountId);
  const p = await getPatient(patientId);
  if (!p || p.accountId !== accountId) throw new NotFoundError('patient', { patientId });
  return [p];
}

function view(m: PlacedMessage, names: Map<string, string>): MyMessageView {
  const r = m.record;
  return {
    id: r.id,
    kind: r.kind,
    patientId: r.patientId,
    patientName: names.get(r.patientId) ?? '',
    ...(r.channel ? { channel: r.channel } : {}),
    status: r.status,
    text: r.text,
    dueAt: r.dueAt,
    ...(r.sentAt ? { sentAt: r.sentAt } : {}),
  };
}

/**
 * 我的消息: what was sent to the account's profiles (or one of them), newest first. Each profile's
 * list is read from where the last page ended, one more than the page needs, and merged.
 */
export async function myMessages({ caller }: Ctx, query: MyMessagesQuery): Promise<ListResult<MyMessageView>> {
  const limit = Math.min(query.limit ?? DEFAULT_PAGE, MAX_PAGE);
  const before = query.cursor ? decodeCursor(query.cursor) : undefined;
  const profiles = await profilesAsked(caller.userId, query.patientId);
  const names = new Map(profiles.map((p) => [p.id, p.name]));
  const lists = await Promise.all(profiles.map((p) => sentMessagesOfPatient(p.id, limit + 1, before)));
  const merged = lists.flat().sort((a, b) => b.place.localeCompare(a.place));
  const page = merged.slice(0, limit);
  const items = page.map((m) => view(m, names));
  const last = page[page.length - 1];
  return merged.length > limit && last ? { items, nextCursor: encodeCursor(last.place) } : { items };
}
