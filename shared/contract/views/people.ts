import * as z from 'zod';
import { instant } from './common';

/** GET /v1/me */
export const meView = z.object({
  id: z.string(),
  kind: z.enum(['patient', 'staff']).meta({ description: '患者或员工' }),
  roles: z.array(z.string()).meta({ description: '员工角色' }),
  staffId: z.string().optional(),
  clinicId: z.string().optional(),
  name: z.string().optional(),
});

export const loginResult = z.object({
  token: z.string().meta({ description: '访问令牌（请求头 `Authorization: Bearer 令牌`）' }),
  user: meView,
});

export const clinicView = z.object({
  id: z.string(),
  name: z.string(),
  city: z.string(),
  address: z.string(),
  phone: z.string().optional().meta({ description: '前台电话' }),
});

export const departmentView = z.object({
  id: z.string(),
  clinicId: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: '叫号前缀（A012 的 A）' }),
  room: z.string().optional(),
});

export const doctorView = z.object({ id: z.string(), name: z.string(), clinicId: z.string() });

export const staffView = z.object({
  id: z.string(),
  clinicId: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  bound: z.boolean().meta({ description: '已绑定微信' }),
  deactivatedAt: instant.optional().meta({ description: '停用时间' }),
});

export const inviteView = z.object({
  code: z.string().meta({ description: '6 位邀请码' }),
  staffId: z.string(),
  expiresAt: instant,
});

export const handOverPreview = z.object({
  staffId: z.string(),
  records: z.number().int(),
  campaigns: z.number().int(),
});
export const handOverResult = z.object({
  handedOver: z.number().int(),
  campaigns: z.number().int(),
  toStaffId: z.string(),
});

export const serviceLeadView = z.object({ clinicId: z.string(), staffId: z.string(), staffName: z.string() });
