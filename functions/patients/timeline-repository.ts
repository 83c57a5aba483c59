import type { ListResult, PageQuery } from '../../shared/schemas/common';
import { fromItem, partitionQuery, queryPage } from '../lib/store';
import { type TimelineKind, timelinePartition } from './timeline-index';

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
