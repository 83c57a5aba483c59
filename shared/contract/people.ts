import * as z from 'zod';
import { bindStaffInput, createStaffInput, devLoginInput, handOverInput, wechatLoginInput } from '../schemas/auth';
import { clinicPageQuery } from '../schemas/clinic-scope';
import { pageQuery } from '../schemas/common';
import type { Contracts } from './types';
import { page } from './views/common';
import {
  clinicView,
  departmentView,
  doctorView,
  handOverPreview,
  handOverResult,
  inviteView,
  loginResult,
  meView,
  staffView,
} from './views/people';

/** Sign-in, the clinics and their departments and doctors, the staff and their invites. */
export const peopleContract = {
  wechatLogin: {
    summary: '微信登录：用 `wx.login` 的 `code` 换取访问令牌',
    body: wechatLoginInput,
    response: loginResult,
    errors: ['WECHAT_CODE_INVALID', 'WECHAT_RATE_LIMITED', 'WECHAT_RISKY_USER', 'UPSTREAM_UNAVAILABLE'],
  },
  devLogin: { summary: '本地开发登录（仅本地）：指定 `openid` 和角色', body: devLoginInput, response: loginResult },
  me: { summary: '当前登录的用户', response: meView },

  listClinics: { summary: '门诊列表', query: pageQuery, response: page(clinicView) },
  listDepartments: { summary: '门诊的科室列表', query: pageQuery, response: page(departmentView) },
  listDoctors: { summary: '门诊的医生列表', query: pageQuery, response: page(doctorView) },

  createStaff: {
    summary: '新增员工，并生成绑定邀请码',
    body: createStaffInput,
    response: z.object({ staff: staffView, invite: inviteView }),
    errors: ['CONFLICT'],
  },
  createInvite: { summary: '为员工重新生成绑定邀请码', response: inviteView, errors: ['STAFF_DEACTIVATED'] },
  bindStaff: {
    summary: '员工用邀请码绑定当前微信账号',
    body: bindStaffInput,
    response: loginResult,
    errors: ['INVITE_INVALID', 'ALREADY_BOUND', 'STAFF_DEACTIVATED', 'CONFLICT'],
  },
  listStaff: { summary: '员工列表', query: clinicPageQuery, response: page(staffView) },
  deactivateStaff: {
    summary: '停用员工：其令牌随即失效',
    response: staffView,
    errors: ['STAFF_DEACTIVATED', 'CONFLICT'],
  },
  handOverPreview: { summary: '交接预览：该员工名下的患者和活动数', response: handOverPreview },
  handOverStaff: {
    summary: '交接：把员工名下的患者和活动转给另一名员工',
    body: handOverInput,
    response: handOverResult,
    errors: ['STAFF_DEACTIVATED', 'CONFLICT', 'RATE_LIMITED'],
  },
} satisfies Contracts;
