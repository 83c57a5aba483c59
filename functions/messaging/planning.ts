import type { ListResult, PageQuery } from '../../shared/schemas/common';
import { getClinic } from '../clinics/clinic-repository';
import { config } from '../lib/config';
import { UNASSIGNED_CLINIC } from '../patients/patient-record';
import { type OutboxRecord, queueMessage } from './outbox-repository';

/** What a planner did: items read, messages queued, messages an earlier run had queued, and its own counts. */
export interface PlanCounts extends Record<string, number> {
  read: number;
  planned: number;
  alreadyPlanned: number;
}

export function planCounts<E extends Record<string, number>>(extra: E): PlanCounts & E {
  return { read: 0, planned: 0, alreadyPlanned: 0, ...extra };
}

/** A planner reads who is due a page at a time and plans a page's messages together. */
const PAGE = 100;

/** Reads every page of a query of who is due, counting items read, and handles each page's items at once. */
export async function forEachDue<T>(
  counts: PlanCounts,
  read: (page: PageQuery) => Promise<ListResult<T>>,
  each: (item: T) => Promise<void>,
): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await read({ limit: PAGE, cursor });
    counts.read += page.items.length;
    await Promise.all(page.items.map(each));
    cursor = page.nextCursor;
  } while (cursor);
}

/** The points where a crash can stop a planner part-way: tests inject one to prove a re-run loses nothing. */
export type PlanStep = 'before-queue' | 'after-queue';
let planStep: ((step: PlanStep, id: string) => void) | undefined;

/** Tests only: `hook` is called at each step of every plan(); throwing there is a crash at that step. */
export function onPlanStep(hook: ((step: PlanStep, id: string) => void) | undefined): void {
  planStep = hook;
}

/** Queues one message by its deterministic id, counted as planned, or as already planned when the id exists. */
export async function plan(
  counts: PlanCounts,
  m: Omit<OutboxRecord, 'status' | 'attempts' | 'history'>,
): Promise<void> {
  planStep?.('before-queue', m.id);
  const queued = await queueMessage(m);
  planStep?.('after-queue', m.id);
  counts[queued ? 'planned' : 'alreadyPlanned']++;
}

/**
 * The name a message's text is signed with, read once a run per clinic: the clinic's, or the
 * group's (config.GROUP_NAME) for a patient not yet tied to a clinic. The sender's 【signature】
 * follows the same rule from the message's clinicId.
 */
export function signerNames(): (clinicId: string) => Promise<string> {
  const names = new Map<string, Promise<string>>();
  return (clinicId) => {
    let name = names.get(clinicId);
    if (!name) {
      name =
        clinicId === UNASSIGNED_CLINIC
          ? Promise.resolve(config.GROUP_NAME)
          : getClinic(clinicId).then((c) => c?.name ?? config.GROUP_NAME);
      names.set(clinicId, name);
    }
    return name;
  };
}
