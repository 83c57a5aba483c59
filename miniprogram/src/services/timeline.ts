import { routes } from '@shared/routes';
import type { ListResult } from '@shared/schemas/common';
import type { TimelineItem } from '@shared/schemas/timeline';
import { call } from './request';

/** Staff: a page of a patient's timeline, newest first. */
export function patientTimeline(patientId: string, cursor?: string, limit = 20): Promise<ListResult<TimelineItem>> {
  return call(routes.patientTimeline, { params: { patientId }, query: { limit, cursor } });
}

/** The staff timeline page of a patient (the name is shown while the page loads). */
export function timelineUrl(patientId: string, name?: string): string {
  return `/staff/timeline?patientId=${encodeURIComponent(patientId)}${name ? `&name=${encodeURIComponent(name)}` : ''}`;
}
