import * as z from 'zod';
import {
  careInstructionsQuery,
  educationQuery,
  updateCareInstructionsInput,
  updateEducationInput,
} from '../schemas/care';
import { idParam, pageQuery } from '../schemas/common';
import { listFollowUpsQuery, outcomeInput, plansQuery, updatePlanInput } from '../schemas/follow-ups';
import { satisfactionReportQuery } from '../schemas/reports';
import { answerSurveyInput, setServiceLeadInput } from '../schemas/surveys';
import type { Contracts } from './types';
import {
  careInstructionsView,
  educationView,
  followUpPlanView,
  followUpView,
  satisfactionReport,
  surveyAnswerResult,
  surveyInvitationView,
} from './views/care';
import { page } from './views/common';
import { serviceLeadView } from './views/people';

/** After the visit: follow-up plans and calls, care instructions and education, surveys and their report. */
export const afterVisitContract = {
  followUpPlans: {
    summary: '各治疗项目的回访计划',
    query: plansQuery,
    response: page(followUpPlanView),
  },
  updateFollowUpPlan: { summary: '修改某治疗项目的回访计划', body: updatePlanInput, response: followUpPlanView },
  listFollowUps: {
    summary: '回访任务列表：今天、逾期、我领取的',
    query: listFollowUpsQuery,
    response: page(followUpView),
  },
  claimFollowUp: {
    summary: '领取回访任务',
    params: { taskId: idParam },
    response: followUpView,
    errors: ['FOLLOW_UP_CLAIMED', 'FOLLOW_UP_CHANGED', 'CONFLICT'],
  },
  recordFollowUpOutcome: {
    summary: '记录回访结果',
    params: { taskId: idParam },
    body: outcomeInput,
    response: followUpView,
    errors: ['FOLLOW_UP_CLAIMED', 'FOLLOW_UP_CHANGED', 'CONFLICT'],
  },

  careInstructions: {
    summary: '各治疗项目的术后须知',
    query: careInstructionsQuery,
    response: page(careInstructionsView).extend({ clinicId: z.string() }),
  },
  updateCareInstructions: {
    summary: '修改某治疗项目的术后须知',
    body: updateCareInstructionsInput,
    response: careInstructionsView,
  },
  education: {
    summary: '科室的候诊宣教内容（只含已发布的）',
    query: educationQuery,
    response: educationView.extend({ nextCursor: z.string().optional() }),
  },
  updateEducation: { summary: '修改科室的候诊宣教内容', body: updateEducationInput, response: educationView },

  satisfactionReport: {
    summary: '某月满意度报表：按科室和医生，含近 6 个月趋势',
    query: satisfactionReportQuery,
    response: satisfactionReport,
    alternative: { contentType: 'text/csv', description: '同样的报表，CSV 文件（请求头 `Accept: text/csv`）' },
  },
  mySurveys: { summary: '我待填写的满意度评价', query: pageQuery, response: page(surveyInvitationView) },
  mySurvey: { summary: '查看一份评价邀请', response: surveyInvitationView },
  answerSurvey: {
    summary: '提交满意度评价（每份邀请只能评价一次）',
    body: answerSurveyInput,
    response: surveyAnswerResult,
    errors: ['SURVEY_ANSWERED', 'SURVEY_EXPIRED', 'CONFLICT'],
  },
  setServiceLead: {
    summary: '指定门诊的客服主管（低分评价转给他处理）',
    body: setServiceLeadInput,
    response: serviceLeadView,
  },
} satisfies Contracts;
