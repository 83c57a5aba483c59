import { AppError } from '../../shared/errors';
import { openidOf } from '../auth/identity-repository';
import { logger } from '../lib/logger';
import { wechat } from '../lib/wechat-client';

/** 评论: a question or an answer between a patient and the clinic. */
const SCENE = 2;

export const contentRejected = () => new AppError('CONTENT_REJECTED', '内容未通过安全检查，请修改后再发送');
export const checkUnavailable = () => new AppError('CONTENT_CHECK_UNAVAILABLE', '暂时无法发送，请稍后再试');

/**
 * Every text a person writes here (a patient's question, a staff reply) goes through WeChat's
 * msgSecCheck before it is stored or shown. Fail closed: 'review' and 'risky' are refused, and so is
 * every failure to get a verdict (no openid, an error, a timeout).
 */
export async function requireCleanText(text: string | undefined, userId: string): Promise<void> {
  if (!text) return;
  const openid = await openidOf(userId);
  if (!openid) throw checkUnavailable();
  let suggest: string;
  try {
    suggest = (await (await wechat()).msgSecCheck({ content: text, openid, scene: SCENE })).suggest;
  } catch (e) {
    // Only the error's code: the text and the openid stay out of the logs.
    logger.warn('content check unavailable', { code: e instanceof AppError ? e.code : 'UNKNOWN' });
    throw checkUnavailable();
  }
  if (suggest !== 'pass') throw contentRejected();
}
