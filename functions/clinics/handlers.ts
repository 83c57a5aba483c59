import { endpoint } from '../lib/http';
import { listClinics, listDepartments } from './clinic-repository';

export const handlers = {
  listClinics: endpoint({ run: async () => ({ items: await listClinics() }) }),
  listDepartments: endpoint({
    run: async ({ params }) => ({
      items: (await listDepartments(params.clinicId ?? '')).map(({ defaultServiceMinutes: _d, ...d }) => d),
    }),
  }),
};
