import type { ListResult, PageQuery } from '../../shared/schemas/common';
import { fromItem, partitionQuery, queryAll, queryPage } from '../lib/store';
import { patientItemsPartition, type TimelineKind, timelinePartition } from './timeline-index';

/** A stored item of a patient's timeline: its `type` attribute, its kind and moment on the timeline, and the record. */
export interface TimelineEntry {
  /** The item's `type` attribute ('visit', 'followUp', 'outbox', a survey answer's …). */
  type: string;
  /** The timeline kind it was indexed under (timelineIndex). */
  kind: TimelineKind | string;
  at: string;
  record: Record<string, unknown>;
}

function entryOf(item: Record<string, unknown>): TimelineEntry {
  // timelineAt is `${at}#${kind}#${id}`; an id may itself hold '#'.
  const [at = '', kind = ''] = String(item.timelineAt ?? '').split('#');
  return { type: String(item.type ?? ''), kind, at, record: fromItem<Record<string, unknown>>(item) };
}

/**
 * One page of a patient's timeline, newest first: a single Query of byPatientTimeline. With
 * `clinicId`, only that clinic's items (a page may then hold fewer than `limit` and still go on).
 */
export function timelineOf(patientId: string, page: PageQuery, clinicId?: string): Promise<ListResult<TimelineEntry>> {
  return queryPage(
    partitionQuery('byPatientTimeline', 'timelinePatient', timelinePartition(patientId), {
      newestFirst: true,
      ...(clinicId
        ? {
            filter: {
              expression: '#clinic = :clinic',
              names: { '#clinic': 'clinicId' },
              values: { ':clinic': clinicId },
            },
          }
        : {}),
    }),
    page,
    20,
    entryOf,
  );
}

/** Every timeline entry of a patient, newest first (an export or a deletion: tens), page after page. */
export async function allTimelineEntries(patientId: string): Promise<TimelineEntry[]> {
  const out: TimelineEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await timelineOf(patientId, { limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < 5000);
  return out;
}

/** A stored item of one patient, with its `type` attribute (what a merge moves, kind by kind). */
export interface PatientItem {
  type: string;
  record: Record<string, unknown>;
}

const typed = (item: Record<string, unknown>): PatientItem => ({
  type: String(item.type ?? ''),
  record: fromItem<Record<string, unknown>>(item),
});

/**
 * Everything indexed by patient: the timeline (visits, follow-up tasks, survey answers, messages)
 * and the second partition (appointments, tickets, survey invitations). A patient has hundreds at most.
 */
export async function patientItemsOf(patientId: string): Promise<PatientItem[]> {
  const all = (partition: string) =>
    queryAll<PatientItem>({ ...partitionQuery('byPatientTimeline', 'timelinePatient', partition) }, 5000, typed);
  const [timeline, others] = await Promise.all([
    all(timelinePartition(patientId)),
    all(patientItemsPartition(patientId)),
  ]);
  return [...timeline, ...others];
}
