/**
 * The patient's timeline for staff: visits, follow-up tasks, survey answers and messages of one
 * patient carry these sparse index attributes, so the whole timeline is one Query of
 * byPatientTimeline, newest first. Every item that belongs on the timeline spreads
 * `timelineIndex(...)` into its stored attributes; nothing else names the index's keys.
 */
export type TimelineKind = 'visit' | 'followup' | 'survey' | 'message';

export const timelinePartition = (patientId: string) => `TIMELINE#${patientId}`;

export function timelineIndex(patientId: string, at: string, kind: TimelineKind, id: string) {
  return { timelinePatient: timelinePartition(patientId), timelineAt: `${at}#${kind}#${id}` };
}
