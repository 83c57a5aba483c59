import { routes } from '../../shared/routes';
import { pageQuery } from '../../shared/schemas/common';
import { recordOptOutInput } from '../../shared/schemas/messages';
import {
  createPatientInput,
  duplicatesInput,
  type PatientView,
  patientSearchQuery,
  staffCreatePatientInput,
  staffUpdatePatientInput,
  updateConsentsInput,
  updatePatientInput,
} from '../../shared/schemas/patient';
import { recordDeletionInput } from '../../shared/schemas/rights';
import { timelineQuery } from '../../shared/schemas/timeline';
import { creating, endpoint, Reply } from '../lib/http';
import { keptInIdempotencyTable } from '../lib/idempotency';
import { patientAudit } from './audit-service';
import * as deletion from './deletion-service';
import { myExport } from './export-service';
import { mergeHandlers } from './merge-handlers';
import * as mine from './my-patient-service';
import * as optOut from './opt-out-service';
import * as staff from './staff-patient-service';
import { patientTimeline } from './timeline-service';

/** Claiming a record staff entered is not a creation: 200 with claimed, else 201. */
const registered = ({ patient, claimed }: { patient: PatientView; claimed: boolean }) =>
  claimed ? new Reply(200, { ...patient, claimed }) : new Reply(201, patient);

export const handlers = {
  createMyPatient: creating(routes.createMyPatient, {
    body: createPatientInput,
    keyInTransaction: registered,
    run: async ({ ctx, body }) => registered(await mine.createMyPatient(ctx, body)),
  }),
  listMyPatients: endpoint(routes.listMyPatients, {
    query: pageQuery,
    run: ({ ctx, query }) => mine.listMyPatients(ctx, query),
  }),
  updateMyPatient: endpoint(routes.updateMyPatient, {
    body: updatePatientInput,
    run: ({ ctx, params, body }) => mine.updateMyPatient(ctx, params.patientId, body),
  }),
  updateConsents: endpoint(routes.updateConsents, {
    body: updateConsentsInput,
    run: ({ ctx, body }) => mine.updateConsents(ctx, body),
  }),
  staffCreatePatient: creating(routes.staffCreatePatient, {
    keptBy: keptInIdempotencyTable,
    body: staffCreatePatientInput,
    run: ({ ctx, body }) => staff.staffCreatePatient(ctx, body),
  }),
  searchPatients: endpoint(routes.searchPatients, {
    query: patientSearchQuery,
    run: ({ ctx, query }) => staff.searchPatients(ctx, query),
  }),
  findDuplicates: endpoint(routes.findDuplicates, {
    body: duplicatesInput,
    run: ({ body }) => staff.findDuplicates(body),
  }),
  getPatient: endpoint(routes.getPatient, { run: ({ ctx, params }) => staff.readPatient(ctx, params.patientId) }),
  staffUpdatePatient: endpoint(routes.staffUpdatePatient, {
    body: staffUpdatePatientInput,
    run: ({ ctx, params, body }) => staff.staffUpdatePatient(ctx, params.patientId, body),
  }),
  patientTimeline: endpoint(routes.patientTimeline, {
    query: timelineQuery,
    run: ({ ctx, params, query }) => patientTimeline(ctx, params.patientId, query),
  }),
  patientAudit: endpoint(routes.patientAudit, {
    query: pageQuery,
    run: ({ ctx, params, query }) => patientAudit(ctx, params.patientId, query),
  }),
  myLeads: endpoint(routes.myLeads, { query: pageQuery, run: ({ ctx, query }) => staff.myLeads(ctx, query) }),
  myExport: endpoint(routes.myExport, { run: ({ ctx }) => myExport(ctx) }),
  deleteMyPatient: endpoint(routes.deleteMyPatient, {
    run: ({ ctx, params }) => deletion.deleteMyPatient(ctx, params.patientId),
  }),
  recordDeletion: endpoint(routes.recordDeletion, {
    body: recordDeletionInput,
    run: ({ ctx, params, body }) => deletion.recordDeletion(ctx, params.patientId, body),
  }),
  recordOptOut: endpoint(routes.recordOptOut, {
    body: recordOptOutInput,
    run: ({ ctx, params, body }) => optOut.recordOptOut(ctx, params.patientId, body),
  }),
  ...mergeHandlers,
};
