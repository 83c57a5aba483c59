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
import { request, requestBinary } from './request';

const enc = encodeURIComponent;

/** Public: what the landing page of a campaign code shows (a stale token must not send a patient to login). */
export function campaignLanding(id: string): Promise<CampaignLanding> {
  return request('GET', `/v1/campaigns/${enc(id)}/landing`, undefined, undefined, { keepPage: true });
}

/** A signed-in person signs up through a campaign; the server records it once per key. */
export function signUp(id: string, input: SignupInput, idempotencyKey: string): Promise<SignupResult> {
  return request(
    'POST',
    `/v1/campaigns/${enc(id)}/signups`,
    input,
    { 'Idempotency-Key': idempotencyKey },
    {
      keepPage: true,
    },
  );
}

/** Staff: my campaigns (managers: the clinic's), each with its results. */
export function listCampaigns(): Promise<ListResult<CampaignView>> {
  return request('GET', '/v1/campaigns');
}

export function createCampaign(input: CreateCampaignInput, idempotencyKey: string): Promise<CampaignView> {
  return request('POST', '/v1/campaigns', input, { 'Idempotency-Key': idempotencyKey });
}

export function campaignTouches(id: string): Promise<ListResult<TouchView>> {
  return request('GET', `/v1/campaigns/${enc(id)}/touches`);
}

/** The campaign's code as a data URL (the image needs the token, so an <Image src> cannot load it). */
export async function campaignQrCode(id: string): Promise<string> {
  const r = await requestBinary(`/v1/campaigns/${enc(id)}/qrcode`);
  const type = (r.header['content-type'] || 'image/png').split(';')[0];
  // Taro H5 hands the buffer to base64-js, which reads a byte array (an ArrayBuffer gives '').
  const bytes = (process.env.TARO_ENV === 'h5' ? new Uint8Array(r.data) : r.data) as ArrayBuffer;
  return `data:${type};base64,${Taro.arrayBufferToBase64(bytes)}`;
}
