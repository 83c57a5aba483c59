import { listStaff } from '../auth/identity-repository';
import { endpoint } from '../lib/http';
import { listClinics, listDepartments } from './clinic-repository';

export const handlers = {
  listClinics: endpoint({ run: async () => ({ items: await listClinics() }) }),
  listDepartments: endpoint({
    run: async ({ params }) => ({
      items: (await listDepartments(params.clinicId ?? '')).map(({ defaultServiceMinutes: _d, ...d }) => d),
    }),
  }),
  listDoctors: endpoint({
    run: async ({ params }) => ({
      items: (await listStaff(params.clinicId ?? ''))
        .filter((s) => s.roles.includes('doctor'))
        .map((s) => ({ id: s.id, name: s.name, clinicId: s.clinicId })),
    }),
  }),
};
