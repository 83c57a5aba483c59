import { centreHandlers } from './centre-handlers';
import { patientHandlers } from './patient-handlers';
import { subscriptionHandlers } from './subscription-handlers';

/**
 * The messaging group's routes as deployed: the patient's messages, WeChat grants and SMS replies,
 * the staff centre. The local-only dev tools (dev-handlers.ts, which load every job) are added by
 * local.ts, the module the local server loads, and never reach the cloud bundle.
 */
export const handlers = { ...patientHandlers, ...subscriptionHandlers, ...centreHandlers };
