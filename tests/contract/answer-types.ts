// Type-level only (tsc checks it; nothing runs): each route's response schema in shared/contract agrees
// with what its handler answers, both ways (every required field of one is in the other, with the same type).
import type * as z from 'zod';
import type { handlers as auth } from '../../functions/auth/handlers';
import type { handlers as booking } from '../../functions/booking/handlers';
import type { handlers as campaigns } from '../../functions/campaigns/handlers';
import type { signup } from '../../functions/campaigns/signup-service';
import type { handlers as care } from '../../functions/care/handlers';
import type { handlers as clinics } from '../../functions/clinics/handlers';
import type { handlers as consult } from '../../functions/consult/handlers';
import type { handlers as docs } from '../../functions/docs/handlers';
import type { handlers as followup } from '../../functions/followup/handlers';
import type { handlers as groups } from '../../functions/groups/handlers';
import type { handlers as imports } from '../../functions/imports/handlers';
import type { Endpoint } from '../../functions/lib/http';
import type { devHandlers as messagingDev } from '../../functions/messaging/dev-handlers';
import type { handlers as messaging } from '../../functions/messaging/handlers';
import type { handlers as patients } from '../../functions/patients/handlers';
import type { createMyPatient } from '../../functions/patients/my-patient-service';
import type { checkIn } from '../../functions/queue/checkin-service';
import type { handlers as queue } from '../../functions/queue/handlers';
import type { handlers as reports } from '../../functions/reports/handlers';
import type { satisfaction } from '../../functions/reports/satisfaction-service';
import type { handlers as staff } from '../../functions/staff/handlers';
import type { handlers as statsHandlers } from '../../functions/stats/handlers';
import type * as stats from '../../functions/stats/stats-service';
import type { handlers as surveys } from '../../functions/surveys/handlers';
import type { handlers as visits } from '../../functions/visits/handlers';
import type { contract } from '../../shared/contract';
import type { RouteName } from '../../shared/routes';
import type { HisEventView } from '../../shared/schemas/his';

type AllHandlers = typeof auth &
  typeof booking &
  typeof campaigns &
  typeof care &
  typeof clinics &
  typeof consult &
  typeof docs &
  typeof followup &
  typeof groups &
  typeof imports &
  typeof messaging &
  typeof messagingDev &
  typeof patients &
  typeof queue &
  typeof reports &
  typeof staff &
  typeof statsHandlers &
  typeof surveys &
  typeof visits;

type Out<F extends (...a: never[]) => unknown> = Awaited<ReturnType<F>>;

/**
 * What a route answers when its handler returns a Reply (a status chosen at run time) or a CSV when
 * asked: the service's own answer. The QR code is a PNG, the import report a CSV file and the document
 * is OpenAPI's own format.
 */
interface ThroughReply {
  createMyPatient: Out<typeof createMyPatient>['patient'] & { claimed?: boolean };
  checkIn: Out<typeof checkIn>['ticket'];
  walkIn: Out<typeof checkIn>['ticket'];
  signup: Out<typeof signup>['result'];
  hisEvents: HisEventView;
  daily: Out<typeof stats.daily>;
  monthly: Out<typeof stats.monthly>;
  channels: Out<typeof stats.channels>;
  staffRanking: Out<typeof stats.staffRanking>;
  satisfactionReport: Out<typeof satisfaction>;
}
type Unchecked = 'qrcode' | 'patientImportReport' | 'openApiDocument';

type Answer<K extends RouteName> = K extends keyof ThroughReply
  ? ThroughReply[K]
  : AllHandlers[K] extends Endpoint<any, infer O>
    ? O
    : never;
type Schema<K extends RouteName> = (typeof contract)[K]['response'] extends z.ZodType
  ? z.output<(typeof contract)[K]['response']>
  : never;
type Agree<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type Disagreeing = {
  [K in Exclude<RouteName, Unchecked>]: Agree<Answer<K>, Schema<K>> extends true ? never : K;
}[Exclude<RouteName, Unchecked>];

/** A compile error here names the routes whose response schema and handler disagree. */
export const everyAnswerAgrees: [Disagreeing] extends [never] ? 'agree' : `disagree: ${Disagreeing}` = 'agree';
