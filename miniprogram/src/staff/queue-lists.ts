import type { StaffTicketView, TicketView } from '@shared/schemas/visit-day';

/** The desk's view of a day's queue: who is at a room now, who waits, who missed their call. */
export interface QueueLists {
  current: StaffTicketView[];
  waiting: StaffTicketView[];
  skipped: StaffTicketView[];
  done: number;
}

const byNumber = (a: StaffTicketView, b: StaffTicketView) => a.number - b.number;

/** Splits the day's tickets; this desk's own room comes first among those being seen. */
export function queueLists(items: readonly StaffTicketView[], myRoom: string): QueueLists {
  const room = myRoom.trim();
  return {
    current: items
      .filter((t) => t.status === 'called' || t.status === 'serving')
      .sort(
        (a, b) =>
          Number(b.room === room) - Number(a.room === room) || (b.calledAt ?? '').localeCompare(a.calledAt ?? ''),
      ),
    waiting: items.filter((t) => t.status === 'waiting').sort(byNumber),
    skipped: items.filter((t) => t.status === 'skipped').sort(byNumber),
    done: items.filter((t) => t.status === 'done').length,
  };
}

/** The list with one ticket replaced by the API's newer answer about it. */
export function withTicket(items: readonly StaffTicketView[], t: TicketView): StaffTicketView[] {
  return items.map((x) => (x.id === t.id ? { ...x, ...t } : x));
}

/** A called ticket is still at its room (not skipped, returned or done, here or at another desk). */
export function stillCalled(items: readonly StaffTicketView[], ticketId: string): boolean {
  const t = items.find((x) => x.id === ticketId);
  return !t || t.status === 'called' || t.status === 'serving';
}

/** Tags worth showing beside a name (VIP has its own badge). */
export function otherTags(t: StaffTicketView): string[] {
  return t.tags.filter((x) => x.toUpperCase() !== 'VIP');
}
