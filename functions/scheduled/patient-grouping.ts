import { groupAllClinics } from '../groups/grouping-service';
import type { Job } from './jobs';

/** 02:00 on the 1st: each clinic's patients placed in the month's groups. */
export const run: Job = (now) => groupAllClinics(now);
