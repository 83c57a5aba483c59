import * as z from 'zod';
import { idParam, pageFields } from './common';
import { groupRunInput } from './patient-groups';

/** A list of a clinic's things (staff, campaigns): the caller's clinic unless a group admin names one. */
export const clinicPageQuery = z.strictObject({ clinicId: idParam.optional(), ...pageFields });
export type ClinicPageQuery = z.infer<typeof clinicPageQuery>;

/** POST /v1/patient-groups/runs takes no body or `{clinicId?}`. */
export const groupRunBody = groupRunInput.optional();
