import type { MessageKind, MessageSummaryRow } from '@shared/schemas/messages';

/** Each kind of message as staff call it. */
export const kindLabels: Record<MessageKind, string> = {
  appointment: '预约提醒',
  revisit: '复诊提醒',
  birthday: '生日祝福',
  holiday: '节日问候',
  followup: '随访提醒',
  survey: '就诊评价邀请',
  group: '分组提醒',
  consultation_reply: '咨询回复提醒',
};

export const channelLabels: Record<MessageSummaryRow['channel'], string> = {
  sms: '短信',
  wechat: '微信订阅消息',
  none: '尚未选定渠道',
};

/** The counts a summary row shows, in the order a person reads them. */
export const countColumns: { key: keyof Omit<MessageSummaryRow, 'kind' | 'channel'>; label: string }[] = [
  { key: 'planned', label: '计划' },
  { key: 'sent', label: '已发送' },
  { key: 'queued', label: '待发送' },
  { key: 'deferred', label: '延后' },
  { key: 'failed', label: '失败' },
  { key: 'skipped', label: '未发送' },
];
