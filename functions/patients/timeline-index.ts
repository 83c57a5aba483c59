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

/** What else of a patient is indexed by patient (never shown on the timeline): found for a merge. */
export type PatientItemKind = 'appointment' | 'ticket' | 'invitation' | 'consultation';

/**
 * Appointments, tickets and survey invitations live under their own keys; for a merge (issue 10)
 * they are found by patient in the same index under a second partition, which the timeline's
 * Query never reads (one index, two partitions per patient: no new index for the table).
 */
export const patientItemsPartition = (patientId: string) => `PITEMS#${patientId}`;

export function patientItemsIndex(patientId: string, at: string, kind: PatientItemKind, id: string) {
  return { timelinePatient: patientItemsPartition(patientId), timelineAt: `${at}#${kind}#${id}` };
}
