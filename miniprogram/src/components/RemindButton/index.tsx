import type { SubscribeKind } from '@shared/schemas/messages';
import { Button, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { messageOf } from '../../services/request';
import { askSubscription, loadTemplates, UNBAN_HINT } from '../../services/subscribe';
import { Banner } from '../Banner';

/**
 * A button that asks WeChat for one reminder template (from the tap, as WeChat requires) and says in
 * words what came of it: a WeChat reminder, or an SMS one.
 */
export function RemindButton({ id, kind, label }: { id: string; kind: SubscribeKind; label: string }) {
  const [said, setSaid] = useState<{ ok: boolean; text: string; hint?: string }>();
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    loadTemplates().catch(() => undefined);
  }, []);
  const ask = async () => {
    setBusy(true);
    setProblem('');
    try {
      const { results, templates } = await askSubscription([kind]);
      const ok = results[kind] === 'accept';
      const banned = templates.some((t) => t.banned);
      setSaid({ ok, text: ok ? '已开启，将通过微信提醒您' : '未开启，将以短信提醒', hint: banned ? UNBAN_HINT : '' });
    } catch (e) {
      setProblem(messageOf(e, '未能开启，请稍后再试'));
    } finally {
      setBusy(false);
    }
  };
  if (said) {
    return <Banner id={`${id}-said`} kind={said.ok ? 'info' : 'warn'} title={said.text} text={said.hint} />;
  }
  return (
    <View onClick={(e) => e.stopPropagation()}>
      <Banner id={`${id}-error`} text={problem} />
      <Button id={id} className="btn btn-primary" disabled={busy || undefined} onClick={() => void ask()}>
        {label}
      </Button>
    </View>
  );
}
