import * as z from 'zod';
import { createCampaignInput, signupInput } from '../../shared/schemas/campaigns';
import { endpoint, Reply } from '../lib/http';
import * as campaigns from './campaign-service';

export const handlers = {
  createCampaign: endpoint({
    body: createCampaignInput,
    status: 201,
    idempotent: true,
    run: ({ caller, body }) => campaigns.createCampaign(caller!, body),
  }),
  listCampaigns: endpoint({
    query: z.strictObject({ clinicId: z.string().max(80).optional() }),
    run: ({ caller, query }) => campaigns.listCampaigns(caller!, query.clinicId),
  }),
  qrcode: endpoint({
    run: async ({ caller, params, headers }) => {
      // The local code points at the address this request came to, so a phone on the same network can open it.
      const proto = headers['x-forwarded-proto'] ?? 'http';
      const origin = `${proto}://${headers['x-forwarded-host'] ?? headers.host ?? '127.0.0.1'}`;
      const code = await campaigns.qrCode(caller!, params.campaignId ?? '', origin);
      return new Reply(200, code.image, code.contentType);
    },
  }),
  landing: endpoint({ run: ({ params }) => campaigns.landing(params.campaignId ?? '') }),
  signup: endpoint({
    body: signupInput,
    idempotent: true,
    run: async ({ caller, params, body }) => {
      const { status, result } = await campaigns.signup(caller!, params.campaignId ?? '', body);
      return new Reply(status, result);
    },
  }),
  touches: endpoint({ run: ({ caller, params }) => campaigns.touches(caller!, params.campaignId ?? '') }),
};
