import {
  channelStatsQuery,
  createCampaignInput,
  dailyStatsQuery,
  monthlyStatsQuery,
  signupInput,
  targetInput,
  targetQuery,
} from '../schemas/campaigns';
import { clinicPageQuery } from '../schemas/clinic-scope';
import { pageQuery } from '../schemas/common';
import type { Contracts, FileAnswer } from './types';
import {
  campaignLanding,
  campaignView,
  channelStats,
  dailyStats,
  monthlyStats,
  signupResult,
  staffRanking,
  targetView,
  touchView,
} from './views/campaigns';
import { page } from './views/common';

const csv: FileAnswer = { contentType: 'text/csv', description: '同样的数据，CSV 文件（请求头 `Accept: text/csv`）' };

/** Campaigns and their codes, sign-ups, and the marketers' figures. */
export const campaignsContract = {
  createCampaign: {
    summary: '新建推广活动',
    body: createCampaignInput,
    response: campaignView,
    errors: ['STAFF_DEACTIVATED', 'CONFLICT'],
  },
  listCampaigns: { summary: '推广活动列表（含效果）', query: clinicPageQuery, response: page(campaignView) },
  qrcode: {
    summary: '活动的小程序码（PNG 图片）',
    response: { contentType: 'image/png', description: '活动小程序码图片' },
    errors: ['UPSTREAM_UNAVAILABLE'],
  },
  landing: { summary: '活动落地页：报名前展示的活动信息', response: campaignLanding },
  signup: {
    summary: '患者通过活动报名；已报名过时返回 200',
    body: signupInput,
    response: signupResult,
    success: [201, 200],
    errors: ['CAMPAIGN_NOT_STARTED', 'CAMPAIGN_ENDED', 'DUPLICATE_PHONE', 'CONFLICT', 'RATE_LIMITED'],
  },
  touches: { summary: '活动的报名记录', query: pageQuery, response: page(touchView) },

  daily: { summary: '某天的业绩（本人或指定员工）', query: dailyStatsQuery, response: dailyStats, alternative: csv },
  monthly: {
    summary: '某月的业绩、每日明细和目标完成度',
    query: monthlyStatsQuery,
    response: monthlyStats,
    alternative: csv,
  },
  channels: { summary: '某月各渠道和各活动的效果', query: channelStatsQuery, response: channelStats, alternative: csv },
  staffRanking: { summary: '某月员工业绩排行', query: channelStatsQuery, response: staffRanking, alternative: csv },
  setTarget: { summary: '设定员工某月的目标', body: targetInput, query: targetQuery, response: targetView },
} satisfies Contracts;
