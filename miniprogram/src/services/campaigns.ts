import { routes } from '@shared/routes';
import type {
  CampaignLanding,
  CampaignView,
  CreateCampaignInput,
  SignupInput,
  SignupResult,
  TouchView,
} from '@shared/schemas/campaigns';
import type { ListResult } from '@shared/schemas/common';
import Taro from '@tarojs/taro';
import { call, callAll, callBinary } from './request';

/** Public: what the landing page of a campaign code shows (a stale token must not send a patient to login). */
export function campaignLanding(campaignId: string): Promise<CampaignLanding> {
  return call(routes.landing, { params: { campaignId }, keepPage: true });
}

/** A signed-in person signs up through a campaign; retries of one sign-up are recorded once. */
export function signUp(campaignId: string, input: SignupInput): Promise<SignupResult> {
  return call(routes.signup, { params: { campaignId }, body: input, keepPage: true });
}

/** Staff: my campaigns (managers: the clinic's), each with its results. */
export function listCampaigns(): Promise<ListResult<CampaignView>> {
  return callAll(routes.listCampaigns, {}, 3);
}

export function createCampaign(input: CreateCampaignInput): Promise<CampaignView> {
  return call(routes.createCampaign, { body: input });
}

export function campaignTouches(campaignId: string): Promise<ListResult<TouchView>> {
  return callAll(routes.touches, { params: { campaignId } }, 5);
}

/** The campaign's code as a data URL (the image needs the token, so an <Image src> cannot load it). */
export async function campaignQrCode(campaignId: string): Promise<string> {
  const r = await callBinary(routes.qrcode, { params: { campaignId } });
  const type = (r.header['content-type'] || 'image/png').split(';')[0];
  // Taro H5 hands the buffer to base64-js, which reads a byte array (an ArrayBuffer gives '').
  const bytes = (process.env.TARO_ENV === 'h5' ? new Uint8Array(r.data) : r.data) as ArrayBuffer;
  return `data:${type};base64,${Taro.arrayBufferToBase64(bytes)}`;
}
