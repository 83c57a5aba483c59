import { routes } from '@shared/routes';
import type { SubscribeKind, SubscribeResult, SubscriptionsView, SubscriptionView } from '@shared/schemas/messages';
import Taro from '@tarojs/taro';
import { call } from './request';

let kept: Promise<SubscriptionView[]> | undefined;

/**
 * The subscribable templates (title, sends left, banned), read once and kept: a page reads them
 * when it opens, so a tap's prompt needs no network call before it (WeChat shows it only on a tap).
 */
export function loadTemplates(fresh = false): Promise<SubscriptionView[]> {
  if (fresh || !kept) {
    kept = call<SubscriptionsView>(routes.mySubscriptions).then(
      (r) => r.items,
      (e) => {
        kept = undefined;
        throw e;
      },
    );
  }
  return kept;
}

/** What the prompt answered per template id. H5 has no such API: a stand-in like WeChat's asks instead. */
async function prompt(ts: SubscriptionView[]): Promise<Record<string, unknown>> {
  const all = (r: SubscribeResult) => Object.fromEntries(ts.map((t) => [t.templateId, r]));
  if (process.env.TARO_ENV === 'h5') {
    const { confirm } = await Taro.showModal({
      title: '订阅消息',
      content: `允许本小程序发送：${ts.map((t) => t.title).join('、')}`,
      confirmText: '允许',
      cancelText: '取消',
    });
    return all(confirm ? 'accept' : 'reject');
  }
  try {
    return (await Taro.requestSubscribeMessage({ tmplIds: ts.map((t) => t.templateId) } as never)) as never;
  } catch (e) {
    // 20004: the person switched subscribe messages off in the mini-program's settings.
    if ((e as { errCode?: number }).errCode === 20004) return all('ban');
    throw e;
  }
}

export interface Asked {
  /** This ask's answer per kind (none for a template WeChat filtered out). */
  results: Partial<Record<SubscribeKind, SubscribeResult>>;
  /** The templates of the kinds asked, as they stand afterwards. */
  templates: SubscriptionView[];
}

/** Asks for the templates of `kinds` — call it from a tap — and reports each template's answer. */
export async function askSubscription(kinds: SubscribeKind[]): Promise<Asked> {
  const wanted = (await loadTemplates()).filter((t) => kinds.includes(t.kind));
  if (wanted.length === 0) return { results: {}, templates: [] };
  // A banned template is asked too: WeChat answers ban at once, or shows the prompt again once the
  // person allowed it in the mini-program's settings.
  const answers = await prompt(wanted);
  const results = wanted
    .map((t) => ({ t, result: answers[t.templateId] as SubscribeResult }))
    .filter((r) => r.result === 'accept' || r.result === 'reject' || r.result === 'ban');
  if (results.length === 0) return { results: {}, templates: wanted };
  const after = await call<SubscriptionsView>(routes.reportSubscriptions, {
    body: { results: results.map((r) => ({ templateId: r.t.templateId, result: r.result })) },
  });
  kept = Promise.resolve(after.items);
  return {
    results: Object.fromEntries(results.map((r) => [r.t.kind, r.result])),
    templates: after.items.filter((t) => kinds.includes(t.kind)),
  };
}

/** How to allow again a template the person banned ("always refuse"). */
export const UNBAN_HINT = '您曾选择“总是拒绝”。如需开启：点右上角“···”→ 设置 → 通知管理，打开该提醒。';
