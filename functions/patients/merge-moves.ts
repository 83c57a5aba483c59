import { addBookedDays } from '../booking/booked-days';
import type { AppointmentRecord } from '../booking/booking-repository';
import { appointmentMovedWrites } from '../booking/booking-repository';
import { markMergedRevisits } from '../booking/revisit-marks';
import { type ThreadRecord, threadMovedWrite } from '../consult/thread-repository';
import { type TaskRecord, taskMovedWrite } from '../followup/task-repository';
import { summariesOf, summaryMovedWrites } from '../groups/care-summary-repository';
import { memberMovedWrites, membershipsOf } from '../groups/group-repository';
import { AlreadyMovedError } from '../lib/repoint';
import { commit, type Write } from '../lib/transact';
import { messageMovedWrite, type OutboxRecord } from '../messaging/outbox-repository';
import { type TicketRecord, ticketMovedWrites } from '../queue/ticket-repository';
import {
  type AnswerRecord,
  answerMovedWrite,
  type InvitationRecord,
  invitationMovedWrite,
} from '../surveys/invitation-repository';
import { allVisitsOf, visitMovedWrites } from '../visits/visit-repository';
import { consentEventsOf, consentMovedWrites } from './merge-repository';
import { combinedSummary } from './merge-rules';
import type { PatientRecord } from './patient-repository';
import { patientItemsOf } from './timeline-repository';

/**
 * Everything stored under or about one record that a merge moves; with `month`, also its patient
 * groups of that month at the clinics it was seen in (earlier months are history and stay).
 */
export async function inventoryOf(patientId: string, month?: string) {
  const [visits, consents, items, summaries] = await Promise.all([
    allVisitsOf(patientId),
    consentEventsOf(patientId),
    patientItemsOf(patientId),
    summariesOf(patientId),
  ]);
  const memberships = month
    ? (await Promise.all(summaries.map((s) => membershipsOf(s.clinicId, month, patientId)))).flat()
    : [];
  return { patientId, visits, consents, items, summaries, memberships };
}
export type Inventory = Awaited<ReturnType<typeof inventoryOf>>;

/** The writes that hand one indexed item to the survivor (visits move with their partition, below). */
function itemMoves(type: string, r: Record<string, unknown>, toId: string, accountId?: string): Write[] {
  switch (type) {
    case 'appointment':
      return appointmentMovedWrites(r as unknown as AppointmentRecord, toId, accountId);
    case 'ticket':
      return ticketMovedWrites(r as unknown as TicketRecord, toId, accountId);
    case 'surveyInvitation':
      return [invitationMovedWrite(r as unknown as InvitationRecord, toId, accountId)];
    case 'surveyAnswer':
      return [answerMovedWrite(r as unknown as AnswerRecord, toId)];
    case 'followUp':
      return [taskMovedWrite(r as unknown as TaskRecord, toId)];
    case 'outbox':
      return [messageMovedWrite(r as unknown as OutboxRecord, toId)];
    case 'consultation':
      return [threadMovedWrite(r as unknown as ThreadRecord, toId, accountId)];
    default:
      return [];
  }
}

/** One move, done once: a move another run made first is no failure. */
async function once(writes: Write[]): Promise<void> {
  if (writes.length === 0) return;
  try {
    await commit(writes);
  } catch (e) {
    if (!(e instanceof AlreadyMovedError)) throw e;
  }
}

/** Runs the moves a few at a time (a record holds hundreds of items at most). */
async function inTurn(moves: Write[][], parallel = 6): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, moves.length) }, async () => {
      while (next < moves.length) await once(moves[next++]!);
    }),
  );
}

/** Moves the merged record's items to the survivor; each move is safe to repeat. */
export async function moveInventory(
  inv: Inventory,
  survivor: PatientRecord,
  accountId: string | undefined,
  today: string,
): Promise<void> {
  const toId = survivor.id;
  const survivorSummaries = new Map((await summariesOf(toId)).map((s) => [s.clinicId, s]));
  const held = new Set(
    (await Promise.all(inv.memberships.map((m) => membershipsOf(m.clinicId, m.month, toId))))
      .flat()
      .map((m) => `${m.clinicId}#${m.group}`),
  );
  // The survivor's booked days first: the revisit reminder's pre-filter never misses a moved booking.
  await addBookedDays(
    toId,
    inv.items.filter((i) => i.type === 'appointment' && i.record.status === 'booked').map((i) => String(i.record.date)),
  );
  // Then the revisit reminder's marks over both records' visits (revisit-marks.ts).
  await markMergedRevisits(
    survivor,
    inv.visits.flatMap((v) => (v.nextRevisitDate ? [v.nextRevisitDate] : [])),
    today,
  );
  await inTurn([
    ...inv.memberships.map((m) => memberMovedWrites(m, toId, held.has(`${m.clinicId}#${m.group}`))),
    ...inv.visits.map((v) => visitMovedWrites(v, toId)),
    ...inv.consents.map((e) => consentMovedWrites(e, toId)),
    ...inv.items.map((i) => itemMoves(i.type, i.record, toId, accountId)),
    ...inv.summaries.map((s) => summaryMovedWrites(s, combinedSummary(s, survivorSummaries.get(s.clinicId), toId))),
  ]);
}
