import { routes } from '../../shared/routes';
import { createCampaignInput, signupInput } from '../../shared/schemas/campaigns';
import { clinicPageQuery } from '../../shared/schemas/clinic-scope';
import { pageQuery } from '../../shared/schemas/common';
import { creating, endpoint, Reply } from '../lib/http';
import { keptInIdempotencyTable } from '../lib/idempotency';
import * as campaigns from './campaign-service';
import { signup } from './signup-service';

/** The address this request came to: the local code points there, so a phone on the same network can open it. */
function originOf(headers: Record<string, string | undefined>): string {
  const proto = headers['x-forwarded-proto'] ?? 'http';
  return `${proto}://${headers['x-forwarded-host'] ?? headers.host ?? '127.0.0.1'}`;
}

export const handlers = {
  createCampaign: creating(routes.createCampaign, {
    keptBy: keptInIdempotencyTable,
    body: createCampaignInput,
    run: ({ ctx, body }) => campaigns.createCampaign(ctx, body),
  }),
  listCampaigns: endpoint(routes.listCampaigns, {
    query: clinicPageQuery,
    run: ({ ctx, query }) => campaigns.listCampaigns(ctx, query),
  }),
  qrcode: endpoint(routes.qrcode, {
    run: async ({ ctx, params, headers }) => {
      const code = await campaigns.qrCode(ctx, params.campaignId, originOf(headers));
      return new Reply(200, code.image, code.contentType);
    },
  }),
  landing: endpoint(routes.landing, { run: ({ ctx, params }) => campaigns.landing(ctx, params.campaignId) }),
  signup: creating(routes.signup, {
    keptBy: keptInIdempotencyTable,
    body: signupInput,
    run: async ({ ctx, params, body }) => {
      const { result, created } = await signup(ctx, params.campaignId, body);
      return new Reply(created ? 201 : 200, result);
    },
  }),
  touches: endpoint(routes.touches, {
    query: pageQuery,
    run: ({ ctx, params, query }) => campaigns.touches(ctx, params.campaignId, query),
  }),
};
