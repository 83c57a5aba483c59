import { ApiError } from '../../services/request';

const bookingMessages: Record<string, string> = {
  SLOT_FULL: '号源已满：这个时段刚刚被约满了，请选择其他时段。',
  SLOT_CLOSED: '该时段已停止预约（医生停诊或号源关闭），请选择其他时段。',
  SLOT_STARTED: '该时段已经开始，不能再预约，请选择更晚的时段。',
  ALREADY_BOOKED: '该就诊人当天在这个科室已有预约，无需重复预约。可在“我的预约”中查看或取消。',
};

/** What a refused or failed booking means to the patient. */
export function bookingMessage(e: unknown): string {
  if (e instanceof ApiError) return bookingMessages[e.code] ?? e.message;
  return '预约失败，请稍后重试';
}

/** The slot list is out of date after these refusals: read it again. */
export function slotsChanged(e: unknown): boolean {
  return e instanceof ApiError && e.status === 409 && e.code !== 'ALREADY_BOOKED';
}
