import {
  createPatientInput,
  duplicatesInput,
  patientSearchQuery,
  staffCreatePatientInput,
  staffUpdatePatientInput,
  updateConsentsInput,
  updatePatientInput,
} from '../../shared/schemas/patient';
import { endpoint, Reply } from '../lib/http';
import * as patients from './patient-service';

export const handlers = {
  createMyPatient: endpoint({
    body: createPatientInput,
    idempotent: true,
    run: async ({ caller, body }) => {
      const { patient, claimed } = await patients.createMyPatient(caller!, body);
      // Claiming a record staff entered is not a creation: 200 with claimed, else 201.
      return claimed ? new Reply(200, { ...patient, claimed }) : new Reply(201, patient);
    },
  }),
  listMyPatients: endpoint({ run: ({ caller }) => patients.listMyPatients(caller!) }),
  updateMyPatient: endpoint({
    body: updatePatientInput,
    run: ({ caller, params, body }) => patients.updateMyPatient(caller!, params.patientId ?? '', body),
  }),
  updateConsents: endpoint({
    body: updateConsentsInput,
    run: ({ caller, body }) => patients.updateConsents(caller!, body),
  }),
  staffCreatePatient: endpoint({
    body: staffCreatePatientInput,
    status: 201,
    idempotent: true,
    run: ({ caller, body, requestId }) => patients.staffCreatePatient(caller!, body, requestId),
  }),
  searchPatients: endpoint({
    query: patientSearchQuery,
    run: ({ caller, query, requestId }) => patients.searchPatients(caller!, query, requestId),
  }),
  findDuplicates: endpoint({ body: duplicatesInput, run: ({ body }) => patients.findDuplicates(body) }),
  getPatient: endpoint({
    run: ({ caller, params, requestId }) => patients.readPatient(caller!, params.patientId ?? '', requestId),
  }),
  staffUpdatePatient: endpoint({
    body: staffUpdatePatientInput,
    run: ({ caller, params, body, requestId }) =>
      patients.staffUpdatePatient(caller!, params.patientId ?? '', body, requestId),
  }),
};
