/** Error codes both the mini-program and the functions understand, with their HTTP status. */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  GUARDIAN_CONSENT_REQUIRED: 400,
  HEALTH_CONSENT_REQUIRED: 400,
  PHONE_NOT_VERIFIED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  DUPLICATE_PHONE: 409,
  CONFLICT: 409,
  INVITE_INVALID: 409,
  ALREADY_BOUND: 409,
  // A staff member already deactivated (停用) cannot be deactivated again, own records or take a hand-over.
  STAFF_DEACTIVATED: 409,
  REQUEST_IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  SLOT_FULL: 409,
  SLOT_CLOSED: 409,
  SLOT_STARTED: 409,
  ALREADY_BOOKED: 409,
  NOT_CANCELLABLE: 409,
  QUEUE_EMPTY: 409,
  TICKET_STATE: 409,
  VISIT_EXISTS: 409,
  FOLLOW_UP_CLAIMED: 409,
  FOLLOW_UP_CHANGED: 409,
  SURVEY_ANSWERED: 409,
  SURVEY_EXPIRED: 410,
  CAMPAIGN_NOT_STARTED: 409,
  CAMPAIGN_ENDED: 410,
  // Online consultation (issue 11): the profile's health-data consent first; a closed thread takes no message;
  // WeChat's content check refused the text, or could not be asked (fail closed: not sent either way).
  CONSENT_REQUIRED: 409,
  CONSULTATION_CLOSED: 409,
  CONTENT_REJECTED: 422,
  CONTENT_CHECK_UNAVAILABLE: 422,
  PAYLOAD_TOO_LARGE: 413,
  NOT_ACCEPTABLE: 406,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  WECHAT_CODE_INVALID: 401,
  WECHAT_RATE_LIMITED: 429,
  WECHAT_RISKY_USER: 403,
  UPSTREAM_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** The status an error code is answered with; unknown codes are server errors. */
export function statusFor(code: string): number {
  return (errorStatus as Record<string, number>)[code] ?? 500;
}

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** A domain error: carries a code and details, never a status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super('VALIDATION_FAILED', message, details);
  }
}

/** What a missing thing is called, for the person reading the error. */
export const entityLabels = {
  patient: '患者',
  appointment: '预约',
  ticket: '号码',
  slot: '时段',
  queue: '队列',
  department: '科室',
  clinic: '门诊',
  staff: '员工',
  campaign: '活动',
  followUp: '回访',
  invite: '邀请码',
  visit: '就诊记录',
  job: '定时任务',
  message: '消息',
  survey: '评价邀请',
  patientGroup: '患者分组',
  hisEvent: 'HIS 记录',
  consultation: '咨询',
  photo: '照片',
  patientImport: '导入任务',
} as const;
export type Entity = keyof typeof entityLabels;

export class NotFoundError extends AppError {
  constructor(entity: Entity, details?: Record<string, unknown>) {
    super('NOT_FOUND', entity === 'clinic' ? '没有找到这家门诊' : `没有找到该${entityLabels[entity]}`, details);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = '您没有权限进行此操作', details?: unknown) {
    super('FORBIDDEN', message, details);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = '请先登录') {
    super('UNAUTHENTICATED', message);
  }
}

export class ConflictError extends AppError {}
