import { ValidationError } from '../../shared/errors';
import type { ReportSubscriptionsInput, SubscriptionsView } from '../../shared/schemas/messages';
import type { Ctx } from '../lib/context';
import { grantsOf, recordGrant } from './subscription-repository';
import { subscribeTemplates, templateById } from './subscription-templates';

/** The templates a patient may subscribe to, with the sends their accepts still allow. */
export async function mySubscriptions({ caller }: Pick<Ctx, 'caller'>): Promise<SubscriptionsView> {
  const grants = new Map((await grantsOf(caller.userId)).map((g) => [g.templateId, g]));
  return {
    items: subscribeTemplates.map((t) => {
      const g = grants.get(t.templateId);
      return {
        kind: t.kind,
        templateId: t.templateId,
        title: t.title,
        remaining: Math.max(0, g?.remaining ?? 0),
        banned: g?.banned ?? false,
      };
    }),
  };
}

/**
 * Records what `requestSubscribeMessage` answered, template by template: each accept is one more
 * send, a ban marks the template refused, a reject changes nothing. An unknown template is refused
 * before anything is written.
 */
export async function reportSubscriptions(ctx: Ctx, input: ReportSubscriptionsInput): Promise<SubscriptionsView> {
  const unknown = input.results.filter((r) => !templateById(r.templateId));
  if (unknown.length > 0) {
    throw new ValidationError('不认识的订阅消息模板', {
      fields: unknown.map((r) => ({
        path: `results.${input.results.indexOf(r)}.templateId`,
        message: '不是本小程序的订阅消息模板',
      })),
    });
  }
  const changes = new Map<string, { accepts: number; ban: boolean }>();
  for (const r of input.results) {
    const c = changes.get(r.templateId) ?? { accepts: 0, ban: false };
    if (r.result === 'accept') c.accepts++;
    if (r.result === 'ban') c.ban = true;
    changes.set(r.templateId, c);
  }
  const at = ctx.now.toISOString();
  await Promise.all(
    [...changes]
      .filter(([, c]) => c.accepts > 0 || c.ban)
      .map(([templateId, c]) => recordGrant(ctx.caller.userId, templateId, c, at)),
  );
  return mySubscriptions(ctx);
}
