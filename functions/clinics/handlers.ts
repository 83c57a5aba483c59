import { endpoint } from '../lib/http';
import * as clinics from './clinic-service';

export const handlers = {
  listClinics: endpoint({ run: () => clinics.listClinics() }),
  listDepartments: endpoint({ run: ({ params }) => clinics.listDepartments(params.clinicId ?? '') }),
  listDoctors: endpoint({ run: ({ params }) => clinics.listDoctors(params.clinicId ?? '') }),
};
