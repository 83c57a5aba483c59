import { centreHandlers } from './centre-handlers';
import { devHandlers } from './dev-handlers';
import { patientHandlers } from './patient-handlers';
import { subscriptionHandlers } from './subscription-handlers';

/** The messaging group's routes: the patient's messages, WeChat grants and SMS replies, the staff centre, dev tools. */
export const handlers = { ...patientHandlers, ...subscriptionHandlers, ...centreHandlers, ...devHandlers };
