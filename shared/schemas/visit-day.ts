import * as z from 'zod';
import { daysBetween } from '../dates';
import { type TicketStatus, ticketStatuses, ticketStatusLabels } from '../queue-rules';
import { type Category, category, dateString, idParam as id, pageFields } from './common';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');

/** Managers open slots from a weekly pattern over a date range (分时预约). */
export const createSlotsInput = z
  .strictObject({
    departmentId: id,
    doctorId: id.optional(),
    fromDate: dateString,
    toDate: dateString,
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    times: z.array(hhmm).min(1).max(48),
    durationMinutes: z.number().int().min(5).max(240),
    capacity: z.number().int().min(1).max(200),
  })
  .refine((s) => s.fromDate <= s.toDate, { path: ['toDate'], message: '结束日期不能早于开始日期' })
  .refine((s) => daysBetween(s.fromDate, s.toDate) <= 92, {
    path: ['toDate'],
    message: '一次最多开放 3 个月',
  });
export type CreateSlotsInput = z.infer<typeof createSlotsInput>;

export const slotQuery = z.strictObject({ departmentId: id, date: dateString, ...pageFields });

export interface SlotView {
  id: string;
  clinicId: string;
  departmentId: string;
  doctorId?: string;
  doctorName?: string;
  date: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  booked: number;
  remaining: number;
  closed: boolean;
  /** The slot has started: it can no longer be booked or cancelled. */
  started: boolean;
}

export const bookInput = z.strictObject({ patientId: id, slotId: id });
export type BookInput = z.infer<typeof bookInput>;

export const appointmentStatuses = ['booked', 'cancelled', 'checked_in', 'completed'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];
export const appointmentStatusLabels: Record<AppointmentStatus, string> = {
  booked: '已预约',
  cancelled: '已取消',
  checked_in: '已签到',
  completed: '已就诊',
};

export interface AppointmentView {
  id: string;
  patientId: string;
  patientName: string;
  slotId: string;
  clinicId: string;
  /** Which hospital: a group has several, and a patient may book at more than one. */
  clinicName: string;
  departmentId: string;
  departmentName: string;
  doctorId?: string;
  date: string;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  ticketId?: string;
  /** Staff day lists: the slot was closed (停诊) after this booking; the booking stays for the desk to call. */
  slotClosed?: boolean;
  /** A completed visit: what was done and the revisit date the doctor set. */
  visitCategory?: Category;
  nextRevisitDate?: string;
  /** The patient's own list: a completed visit's care instructions (术后须知), as the clinic wrote them. */
  care?: { title: string; lines: string[] };
  createdAt: string;
}

export const dayAppointmentsQuery = z.strictObject({ departmentId: id, date: dateString, ...pageFields });

// The statuses and their words live with the queue rules (no zod): the patient home shows them, and its
// H5 first load must not pull in zod for a table of words.
export { type TicketStatus, ticketStatuses, ticketStatusLabels };

/** A queue number as its patient sees it. */
export interface TicketView {
  id: string;
  queueId: string;
  clinicId: string;
  clinicName: string;
  departmentName: string;
  date: string;
  number: number;
  /** Department prefix and three digits: A012. */
  displayNumber: string;
  status: TicketStatus;
  /** Waiting tickets to be called before this one. */
  ahead: number;
  /** The number being served now, if any; the ticket's own only while it is the one called. */
  nowServing: string | null;
  etaMinutes: number;
  room?: string;
  calledAt?: string;
  patientId: string;
  patientName: string;
  appointmentId?: string;
}

/** A queue number as staff see it in the day's list. */
export interface StaffTicketView extends TicketView {
  vip: boolean;
  tags: string[];
  /** Completed visits before today: a returning patient. */
  visitCount: number;
}

export const walkInInput = z.strictObject({ patientId: id });
export const callNextInput = z.strictObject({ room: z.string().trim().min(1, '请填写诊室').max(20) });

export interface BoardEntry {
  displayNumber: string;
  maskedName: string;
}

/** The waiting-room screen's view of one queue: numbers and masked names only. */
export interface BoardView {
  queueId: string;
  departmentName: string;
  date: string;
  nowServing: (BoardEntry & { room: string; calledAt: string; callSeq: number }) | null;
  next: BoardEntry[];
  waiting: number;
}

export const completeVisitInput = z
  .strictObject({
    ticketId: id.optional(),
    appointmentId: id.optional(),
    category,
    chargeFen: z.number().int('金额以分为单位，须为整数').min(0).max(100_000_000),
    doctorId: id,
    nextRevisitDate: dateString.optional(),
    notes: z.string().trim().max(1000).optional(),
  })
  .refine((v) => Boolean(v.ticketId) !== Boolean(v.appointmentId), {
    path: ['ticketId'],
    message: '请指定排队号或预约（二选一）',
  });
export type CompleteVisitInput = z.infer<typeof completeVisitInput>;

export interface VisitView {
  id: string;
  patientId: string;
  clinicId: string;
  departmentId: string;
  date: string;
  category: string;
  chargeFen: number;
  doctorId: string;
  doctorName?: string;
  nextRevisitDate?: string;
  notes?: string;
  ticketId?: string;
  appointmentId?: string;
  createdAt: string;
}

export interface DoctorView {
  id: string;
  name: string;
  clinicId: string;
}

/** Fen -> "¥1,234.50" for display. */
export function formatFen(fen: number): string {
  return `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
