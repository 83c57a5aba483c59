/** How WeChat's answers become our errors: the errcode read from an answer and the domain error it means. */
import { AppError } from '../../shared/errors';

/** A JSON answer of a WeChat API: errcode 0 (or none) means success. */
export type WeChatAnswer = Record<string, unknown> & { errcode?: unknown };

/** What a person reads when a wx.login or phone code is no good (5xx details below stay in the logs). */
export const WECHAT_CODE_INVALID_MESSAGE = '微信登录凭证无效或已过期，请重新进入小程序';

/**
 * Turns a WeChat errcode into a domain error. Only the errcode travels: errmsg can echo request
 * data, and the code, secret, session_key and access token must never reach an error.
 */
export function errorFor(errcode: number, api: string): AppError {
  switch (errcode) {
    case 40029:
    case 40163:
      return new AppError('WECHAT_CODE_INVALID', WECHAT_CODE_INVALID_MESSAGE, { errcode });
    case 45011:
      return new AppError('WECHAT_RATE_LIMITED', '微信登录过于频繁，请一分钟后再试', { errcode });
    case 40226:
      return new AppError('WECHAT_RISKY_USER', '微信提示该账号存在风险，暂时无法登录', { errcode });
    case -1:
      return new AppError('UPSTREAM_UNAVAILABLE', `WeChat ${api} is busy`, { errcode });
    default:
      return new AppError('UPSTREAM_UNAVAILABLE', `WeChat ${api} answered errcode ${errcode}`, { errcode });
  }
}

export function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

export function errcodeOf(answer: WeChatAnswer): number {
  return typeof answer.errcode === 'number' ? answer.errcode : 0;
}
