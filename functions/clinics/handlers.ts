import { routes } from '../../shared/routes';
import { pageQuery } from '../../shared/schemas/common';
import { endpoint } from '../lib/http';
import * as clinics from './clinic-service';

export const handlers = {
  listClinics: endpoint(routes.listClinics, { query: pageQuery, run: ({ query }) => clinics.listClinics(query) }),
  listDepartments: endpoint(routes.listDepartments, {
    query: pageQuery,
    run: ({ params, query }) => clinics.listDepartments(params.clinicId, query),
  }),
  listDoctors: endpoint(routes.listDoctors, {
    query: pageQuery,
    run: ({ params, query }) => clinics.listDoctors(params.clinicId, query),
  }),
};
