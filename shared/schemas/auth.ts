import * as z from 'zod';
import { staffRoles } from '../roles';
import { idParam } from './common';

export const wechatLoginInput = z.strictObject({ code: z.string().min(1).max(128) });
export const devLoginInput = z.strictObject({
  openid: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\w-]+$/, '只能包含字母、数字、下划线和横线'),
  role: z.enum(staffRoles).optional(),
  clinicId: z.string().max(40).optional(),
});
export type DevLoginInput = z.infer<typeof devLoginInput>;

export const createStaffInput = z.strictObject({
  name: z.string().trim().min(1, '请输入姓名').max(30),
  roles: z.array(z.enum(staffRoles)).min(1, '至少选择一个角色').max(staffRoles.length),
  clinicId: z.string().min(1).max(40).optional(),
});
export type CreateStaffInput = z.infer<typeof createStaffInput>;

export interface StaffView {
  id: string;
  clinicId: string;
  name: string;
  roles: string[];
  bound: boolean;
  /** Set once a manager deactivated the member (停用): their token no longer works. */
  deactivatedAt?: string;
}

/** POST /v1/staff/{staffId}/hand-over: who takes over the member's patients and campaigns. */
export const handOverInput = z.strictObject({ toStaffId: idParam });
export type HandOverInput = z.infer<typeof handOverInput>;

/** What a hand-over moves (the preview) or moved (the answer). */
export interface HandOverPreview {
  staffId: string;
  records: number;
  campaigns: number;
}
export interface HandOverResult {
  handedOver: number;
  campaigns: number;
  toStaffId: string;
}

export interface InviteView {
  code: string;
  staffId: string;
  expiresAt: string;
}
export const bindStaffInput = z.strictObject({ code: z.string().regex(/^\d{6}$/, '邀请码为 6 位数字') });

/** GET /v1/me */
export interface MeView {
  id: string;
  kind: 'patient' | 'staff';
  roles: string[];
  staffId?: string;
  clinicId?: string;
  name?: string;
}

export interface LoginResult {
  token: string;
  user: MeView;
}

export interface ClinicView {
  id: string;
  name: string;
  city: string;
  address: string;
  /** The front desk's phone, for patients to call. */
  phone?: string;
}

export interface DepartmentView {
  id: string;
  clinicId: string;
  name: string;
  prefix: string;
  room?: string;
}
