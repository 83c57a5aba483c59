import * as z from 'zod';
import { categories } from '../../schemas/common';
import { appointmentStatuses, ticketStatuses } from '../../schemas/visit-day';
import { day, fen, instant } from './common';

export const slotView = z.object({
  id: z.string(),
  clinicId: z.string(),
  departmentId: z.string(),
  doctorId: z.string().optional(),
  doctorName: z.string().optional(),
  date: day,
  startsAt: instant,
  endsAt: instant,
  capacity: z.number().int(),
  booked: z.number().int(),
  remaining: z.number().int(),
  closed: z.boolean().meta({ description: '已停诊' }),
  started: z.boolean().meta({ description: '时段已开始，不能再预约或取消' }),
});

export const createSlotsResult = z.object({
  created: z.number().int(),
  skipped: z.number().int().meta({ description: '已存在而跳过的时段' }),
});

export const appointmentView = z.object({
  id: z.string(),
  patientId: z.string(),
  patientName: z.string(),
  slotId: z.string(),
  clinicId: z.string(),
  clinicName: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  doctorId: z.string().optional(),
  date: day,
  startsAt: instant,
  endsAt: instant,
  status: z.enum(appointmentStatuses).meta({ description: '预约状态' }),
  ticketId: z.string().optional(),
  slotClosed: z.boolean().optional().meta({ description: '预约后该时段停诊' }),
  visitCategory: z.enum(categories).optional(),
  nextRevisitDate: day.optional(),
  care: z
    .object({ title: z.string(), lines: z.array(z.string()) })
    .optional()
    .meta({ description: '术后须知' }),
  createdAt: instant,
});

/** A queue number as its patient sees it. */
export const ticketView = z.object({
  id: z.string(),
  queueId: z.string(),
  clinicId: z.string(),
  clinicName: z.string(),
  departmentName: z.string(),
  date: day,
  number: z.number().int(),
  displayNumber: z.string().meta({ description: '显示号码（`A012`）' }),
  status: z.enum(ticketStatuses).meta({ description: '号码状态' }),
  ahead: z.number().int().meta({ description: '前面等候的人数' }),
  nowServing: z.string().nullable().meta({ description: '正在就诊的号码' }),
  etaMinutes: z.number().meta({ description: '预计等候分钟数' }),
  room: z.string().optional(),
  calledAt: instant.optional(),
  patientId: z.string(),
  patientName: z.string(),
  appointmentId: z.string().optional(),
});

export const staffTicketView = ticketView.extend({
  vip: z.boolean(),
  tags: z.array(z.string()),
  visitCount: z.number().int().meta({ description: '今天之前完成的就诊次数' }),
});

const boardEntry = z.object({ displayNumber: z.string(), maskedName: z.string() });

/** The waiting-room screen's view of one queue: numbers and masked names only. */
export const boardView = z.object({
  queueId: z.string(),
  departmentName: z.string(),
  date: day,
  nowServing: boardEntry.extend({ room: z.string(), calledAt: instant, callSeq: z.number().int() }).nullable(),
  next: z.array(boardEntry),
  waiting: z.number().int(),
});

export const visitView = z.object({
  id: z.string(),
  patientId: z.string(),
  clinicId: z.string(),
  departmentId: z.string(),
  date: day,
  category: z.string().meta({ description: '治疗项目' }),
  chargeFen: fen,
  doctorId: z.string(),
  doctorName: z.string().optional(),
  nextRevisitDate: day.optional(),
  notes: z.string().optional(),
  ticketId: z.string().optional(),
  appointmentId: z.string().optional(),
  createdAt: instant,
});
