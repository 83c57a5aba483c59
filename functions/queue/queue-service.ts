import { clinicDate } from '../../shared/dates';
import { AppError, ConflictError, NotFoundError } from '../../shared/errors';
import { requeueSeq } from '../../shared/queue-rules';
import { actsIn, clinical, hasRole } from '../../shared/roles';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type { BoardView, StaffTicketView, TicketStatus, TicketView } from '../../shared/schemas/visit-day';
import { alongsideActiveCheck } from '../auth/active-caller';
import type { Ctx } from '../lib/context';
import type { Caller } from '../lib/tokens';
import { commit, retrying, type Write } from '../lib/transact';
import { queueInfo } from './queue-definitions';
import {
  CallRaceError,
  clearNowServingWrite,
  getState,
  type NowServing,
  nowServingWrite,
  serviceTimeWrite,
} from './queue-repository';
import {
  allWaiting,
  getTicket,
  type StatusChange,
  statusWrites,
  TicketChangedError,
  type TicketRecord,
  ticketsOfAccount,
  ticketsOfDay,
  waiting,
  waitingCount,
} from './ticket-repository';
import { fullView, staffTicketView } from './ticket-view';

const BUSY = '叫号系统繁忙，请稍后重试';
const isCallRace = (e: unknown) => e instanceof CallRaceError;

/** Every waiting ticket looked at was called by someone else a moment ago. */
class AllTakenError extends Error {}

/** Staff who run a queue see and move any ticket of their clinic. */
export function isQueueStaff(caller: Caller): boolean {
  return hasRole(caller, clinical);
}

/** Another clinic's queue, ticket or appointment answers like a missing one (clinic isolation). */
export function requireClinic(caller: Caller, clinicId: string, missing: () => NotFoundError): void {
  if (!actsIn(caller, clinicId)) throw missing();
}

/**
 * Moves a ticket from one of `from` to `to`. When it was the one being served, the queue stops
 * showing it (the screen and the patients' phones never name a skipped or finished number as
 * served); a called ticket's service time joins the day's average when `serviceMs` is given.
 * Retried when a call lands at the same moment.
 */
export async function moveTicket(
  t: TicketRecord,
  from: readonly TicketStatus[],
  to: TicketStatus,
  change: StatusChange & { serviceMs?: number } = {},
  extra: Write[] = [],
): Promise<TicketRecord> {
  const { serviceMs, ...fields } = change;
  return retrying(
    isCallRace,
    async () => {
      const state = await getState(t.queueId, t.date);
      const writes = [...statusWrites(t, from, to, fields), ...extra];
      if (state?.nowServing?.ticketId === t.id && to !== 'called') {
        writes.push(clearNowServingWrite(t.queueId, t.date, t.id, state.callSeq, serviceMs));
      } else if (serviceMs !== undefined) writes.push(serviceTimeWrite(t.queueId, t.date, serviceMs));
      await commit(writes);
      return { ...t, ...fields, status: to, seq: fields.seq ?? t.seq };
    },
    BUSY,
  );
}

/** A missed patient goes back a few places later (after the third waiting ticket), not to the end. */
export async function requeue(t: TicketRecord): Promise<TicketRecord> {
  const ahead = await waiting(t.queueId, t.date, 3);
  return moveTicket(t, ['skipped'], 'waiting', {
    seq: requeueSeq(
      ahead.map((w) => w.seq),
      t.seq,
    ),
  });
}

/** Owner (or queue staff) only; anyone else gets the same 404 as a missing ticket. */
async function ticketFor(caller: Caller, ticketId: string): Promise<TicketRecord> {
  const t = await getTicket(ticketId);
  if (!t || (t.accountId !== caller.userId && !(isQueueStaff(caller) && actsIn(caller, t.clinicId))))
    throw new NotFoundError('ticket', { ticketId });
  return t;
}

/** Two round trips: the ticket (beside a staff caller's active check), then its queue's day and who is ahead. */
export async function getTicketView(ctx: Ctx, ticketId: string): Promise<TicketView> {
  return fullView(await alongsideActiveCheck(ctx, ticketFor(ctx.caller, ticketId)));
}

export async function myTickets({ caller, now }: Ctx): Promise<{ items: TicketView[] }> {
  const tickets = await ticketsOfAccount(caller.userId, clinicDate(now));
  return { items: await Promise.all(tickets.map(fullView)) };
}

/** A queue's day for staff: one page by number, each with its place in the waiting order. */
export async function queueTickets(
  { caller, now }: Ctx,
  queueId: string,
  page: PageQuery,
): Promise<ListResult<StaffTicketView>> {
  const today = clinicDate(now);
  const queue = await queueInfo(queueId, today, now);
  requireClinic(caller, queue.clinicId, () => new NotFoundError('queue', { queueId }));
  const [out, state, order] = await Promise.all([
    ticketsOfDay(queueId, today, page),
    getState(queueId, today),
    allWaiting(queueId, today),
  ]);
  const position = new Map(order.map((t, i) => [t.id, i]));
  return { ...out, items: out.items.map((t) => staffTicketView(t, state, position.get(t.id) ?? 0)) };
}

/** Calls the first waiting ticket; two callers at one moment never get the same ticket. */
export async function callNext({ caller, now }: Ctx, queueId: string, room: string): Promise<TicketView> {
  const today = clinicDate(now);
  const queue = await queueInfo(queueId, today, now);
  requireClinic(caller, queue.clinicId, () => new NotFoundError('queue', { queueId }));
  const at = now.toISOString();
  return retrying(
    (e) => isCallRace(e) || e instanceof AllTakenError,
    async (attempt) => {
      const state = await getState(queueId, today);
      const candidates = state ? await waiting(queueId, today, 5) : [];
      if (!state || candidates.length === 0) throw new ConflictError('QUEUE_EMPTY', '当前没有候诊的患者');
      for (const c of candidates) {
        const serving: NowServing = {
          ticketId: c.id,
          displayNumber: c.displayNumber,
          maskedName: c.maskedName,
          room,
          calledAt: at,
          callSeq: state.callSeq + 1,
        };
        try {
          await commit([
            ...statusWrites(c, ['waiting'], 'called', { room, calledAt: at, callSeq: serving.callSeq }),
            nowServingWrite(queueId, today, state.callSeq, serving),
          ]);
          return fullView({ ...c, status: 'called', room, calledAt: at, callSeq: serving.callSeq });
        } catch (e) {
          // Someone called this one a moment ago: try the next.
          if (!(e instanceof TicketChangedError)) throw e;
        }
      }
      if (attempt > 3) throw new ConflictError('QUEUE_EMPTY', '当前没有候诊的患者');
      throw new AllTakenError();
    },
    BUSY,
  );
}

async function staffTicket(caller: Caller, ticketId: string): Promise<TicketRecord> {
  const t = await getTicket(ticketId);
  if (!t) throw new NotFoundError('ticket', { ticketId });
  requireClinic(caller, t.clinicId, () => new NotFoundError('ticket', { ticketId }));
  return t;
}

/** Calls a called ticket again (the screen speaks it again). */
export async function recall({ caller, now }: Ctx, ticketId: string): Promise<TicketView> {
  const t = await staffTicket(caller, ticketId);
  const at = now.toISOString();
  try {
    return await retrying(
      isCallRace,
      async () => {
        const state = await getState(t.queueId, t.date);
        if (!state) throw new NotFoundError('queue', { queueId: t.queueId });
        const serving: NowServing = {
          ticketId: t.id,
          displayNumber: t.displayNumber,
          maskedName: t.maskedName,
          room: t.room ?? '',
          calledAt: at,
          callSeq: state.callSeq + 1,
        };
        await commit([
          ...statusWrites(t, ['called'], 'called', { calledAt: at, callSeq: serving.callSeq }),
          nowServingWrite(t.queueId, t.date, state.callSeq, serving),
        ]);
        return fullView({ ...t, callSeq: serving.callSeq, calledAt: at });
      },
      BUSY,
    );
  } catch (e) {
    if (e instanceof TicketChangedError) throw new ConflictError('TICKET_STATE', '只能重呼已叫号的患者');
    throw e;
  }
}

export async function skip({ caller }: Ctx, ticketId: string): Promise<TicketView> {
  const t = await staffTicket(caller, ticketId);
  return fullView(await moveTicket(t, ['waiting', 'called'], 'skipped'));
}

export async function returnToQueue({ caller }: Ctx, ticketId: string): Promise<TicketView> {
  const t = await staffTicket(caller, ticketId);
  if (t.status !== 'skipped') throw new AppError('TICKET_STATE', '只有过号的患者可以回到队列');
  return fullView(await requeue(t));
}

/** Time from the call to the end of a visit, or none for a ticket that was never called. */
export function serviceMsOf(t: TicketRecord, now: Date): number | undefined {
  return (t.status === 'called' || t.status === 'serving') && t.calledAt
    ? Math.max(0, now.getTime() - Date.parse(t.calledAt))
    : undefined;
}

export async function complete({ caller, now }: Ctx, ticketId: string): Promise<TicketView> {
  const t = await staffTicket(caller, ticketId);
  return fullView(
    await moveTicket(t, ['called', 'serving'], 'done', {
      completedAt: now.toISOString(),
      serviceMs: serviceMsOf(t, now) ?? 0,
    }),
  );
}

const boardCache = new Map<string, { at: number; view: BoardView }>();
/** Screens poll every 3 s; one container answers a queue's board from memory for this long. */
const BOARD_CACHE_MS = 1000;

/**
 * The waiting-room screen: numbers and masked names only, never phone, full name or patient id. A
 * miss is one round trip: the queue's day and its waiting tickets read together, the department's
 * name from the container's queue definitions.
 */
export async function board(now: Date, queueId: string): Promise<BoardView> {
  const hit = boardCache.get(queueId);
  if (hit && now.getTime() - hit.at < BOARD_CACHE_MS && hit.at <= now.getTime()) return hit.view;
  const today = clinicDate(now);
  const [queue, state, next, count] = await Promise.all([
    queueInfo(queueId, today, now),
    getState(queueId, today),
    waiting(queueId, today, 5),
    waitingCount(queueId, today),
  ]);
  const serving = state?.nowServing;
  const view: BoardView = {
    queueId,
    departmentName: queue.departmentName,
    date: today,
    nowServing: serving
      ? {
          displayNumber: serving.displayNumber,
          maskedName: serving.maskedName,
          room: serving.room,
          calledAt: serving.calledAt,
          callSeq: serving.callSeq,
        }
      : null,
    next: next.map((t) => ({ displayNumber: t.displayNumber, maskedName: t.maskedName })),
    waiting: count,
  };
  boardCache.set(queueId, { at: now.getTime(), view });
  return view;
}
