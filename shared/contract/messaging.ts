import * as z from 'zod';
import { pageQuery } from '../schemas/common';
import {
  devOutboxQuery,
  listMessagesQuery,
  messageIdParam,
  messageSummaryQuery,
  messageTemplatesQuery,
  myMessagesQuery,
  pauseJobInput,
  reportSubscriptionsInput,
  runJobInput,
  smsRepliesInput,
  smsRepliesQuery,
  updateMessageTemplateInput,
} from '../schemas/messages';
import type { Contracts } from './types';
import { page } from './views/common';
import {
  centreMessageView,
  jobReport,
  jobView,
  messageSummaryView,
  messageTemplateView,
  myMessageView,
  outboxView,
  smsRepliesAnswer,
  subscriptionsView,
} from './views/messages';

/** Messages: what a patient got, WeChat grants, SMS replies, the staff message centre, local dev tools. */
export const messagingContract = {
  myMessages: { summary: '我收到的消息', query: myMessagesQuery, response: page(myMessageView) },
  mySubscriptions: {
    summary: '我的微信订阅消息授权：每个模板还可发送几次',
    query: pageQuery,
    response: subscriptionsView.extend({ nextCursor: z.string().optional() }),
  },
  reportSubscriptions: {
    summary: '上报 `wx.requestSubscribeMessage` 的结果',
    body: reportSubscriptionsInput,
    response: subscriptionsView,
  },
  smsReplies: {
    summary: '短信服务商推送的上行回复（回复 T 或 R 退订营销消息）',
    body: smsRepliesInput,
    query: smsRepliesQuery,
    response: smsRepliesAnswer,
    errors: ['UNAUTHENTICATED'],
  },
  messageSummary: { summary: '消息中心：某天各类消息的数量', query: messageSummaryQuery, response: messageSummaryView },
  listMessages: { summary: '消息中心：某天的消息列表', query: listMessagesQuery, response: page(centreMessageView) },
  resendMessage: {
    summary: '重新发送一条失败的消息',
    params: { messageId: messageIdParam },
    response: centreMessageView,
    errors: ['CONFLICT'],
  },
  messageTemplates: {
    summary: '各类消息的模板和开关',
    query: messageTemplatesQuery,
    response: page(messageTemplateView),
  },
  updateMessageTemplate: {
    summary: '修改某类消息的模板或开关',
    body: updateMessageTemplateInput,
    response: messageTemplateView,
  },
  listJobs: { summary: '定时任务列表', query: pageQuery, response: page(jobView) },
  pauseJob: { summary: '暂停或恢复一个定时任务（全集团）', body: pauseJobInput, response: jobView },

  runJob: { summary: '运行一个定时任务（仅本地；可指定时刻）', body: runJobInput, response: jobReport },
  devOutbox: {
    summary: '查看发件箱（仅本地）',
    query: devOutboxQuery,
    response: z.object({ items: z.array(outboxView) }),
  },
} satisfies Contracts;
