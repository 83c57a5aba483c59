/**
 * The one table definition: the CDK stack and the local set-up both build from it.
 * Main table: single-table design, every item keyed pk/sk; indexes are named after what they serve.
 */
export interface IndexDef {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export interface TableDef {
  /** Logical id; the physical name comes from configuration. */
  id: 'main' | 'idempotency';
  partitionKey: string;
  sortKey?: string;
  indexes: IndexDef[];
  ttlAttribute?: string;
}

export const mainTable: TableDef = {
  id: 'main',
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: [
    // What a WeChat account holds: profiles (PATIENT#…), appointments (APPT#…), tickets (TICKET#…).
    { name: 'byAccount', partitionKey: 'accountId', sortKey: 'accountSort' },
    // Same-name (and same-name-and-birthday) duplicate warnings.
    { name: 'byName', partitionKey: 'nameKey', sortKey: 'nameSort' },
    // The records a staff member owns (attribution).
    { name: 'byOwner', partitionKey: 'ownerStaffId', sortKey: 'createdAt' },
    // Clinic-scoped lists: staff and patients of a clinic, a department's slots, appointments and tickets of a day.
    { name: 'byClinic', partitionKey: 'clinicKey', sortKey: 'clinicSort' },
    // Sparse: only waiting tickets carry queueKey, in call order; calling a ticket removes it.
    { name: 'byQueue', partitionKey: 'queueKey', sortKey: 'queueSort' },
    // Sparse: booked appointments by their day, so a reminder job reads only tomorrow's.
    { name: 'byAppointmentDate', partitionKey: 'apptDate', sortKey: 'apptSort' },
    // Sparse: messages waiting to be sent, by due time, over a few shards.
    { name: 'byOutboxDue', partitionKey: 'outboxShard', sortKey: 'outboxDue' },
    // Sparse: visits with a next revisit date, by that date, so the revisit reminder reads only the day due.
    { name: 'byRevisitDate', partitionKey: 'revisitDate', sortKey: 'revisitSort' },
    // Sparse: appointments while booked, by patient and day ("has this patient booked from today on?").
    { name: 'byBookedPatient', partitionKey: 'bookedPatientId', sortKey: 'bookedSort' },
    // Sparse: patient records with a birth date, by its month-day (MM-DD), for the birthday greeting.
    { name: 'byBirthday', partitionKey: 'birthMonthDay', sortKey: 'birthSort' },
    // Outbox messages of a clinic's day (by when first due), kind by kind: the staff message centre.
    { name: 'byClinicDay', partitionKey: 'clinicDay', sortKey: 'clinicDaySort' },
    // Sparse: open follow-up tasks of a clinic by due date (今日回访 / 逾期); a finished task leaves it.
    { name: 'byFollowUpDue', partitionKey: 'followUpClinic', sortKey: 'followUpDue' },
    // Sparse: open follow-up tasks a staff member claimed, by due date (我的).
    { name: 'byFollowUpClaimer', partitionKey: 'followUpClaimer', sortKey: 'followUpClaimerDue' },
    // Sparse: a patient's visits, follow-ups, survey answers and messages by time: the staff timeline (functions/patients/timeline-index.ts).
    { name: 'byPatientTimeline', partitionKey: 'timelinePatient', sortKey: 'timelineAt' },
  ],
};

/**
 * Every audit trail's partition key starts with this (a record's AUDIT#<patientId>, the settings
 * trail's AUDIT#SETTINGS#<clinicId>): the stack denies the functions any update or delete under it.
 */
export const AUDIT_PARTITION_PREFIX = 'AUDIT#';

/** Idempotency records (Idempotency-Key on creating POSTs), in Powertools' idempotency format (lib/idempotency.ts). */
export const idempotencyTable: TableDef = {
  id: 'idempotency',
  partitionKey: 'id',
  ttlAttribute: 'expiration',
  indexes: [],
};

export const tables: readonly TableDef[] = [mainTable, idempotencyTable];
