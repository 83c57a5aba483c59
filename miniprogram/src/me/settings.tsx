import type { SubscriptionView } from '@shared/schemas/messages';
import { type PatientView, relationLabels } from '@shared/schemas/patient';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import ConsentSwitch from '../components/ConsentSwitch';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../hooks/use-load';
import { listMyPatients, updateConsents } from '../services/patients';
import { messageOf } from '../services/request';
import { askSubscription, loadTemplates, UNBAN_HINT } from '../services/subscribe';
import './me.css';

type Said = { kind: 'info' | 'warn' | 'error'; text: string };

/** One profile's greeting switch (marketing consent), with what changed said in words. */
function GreetingSwitch({ p }: { p: PatientView }) {
  const [on, setOn] = useState(p.consents.marketing);
  const [said, setSaid] = useState<Said>();
  const change = async (next: boolean) => {
    setOn(next);
    setSaid(undefined);
    try {
      await updateConsents({ patientId: p.id, marketing: next });
      setSaid({
        kind: 'info',
        text: next ? '已开启节日和生日问候' : '已关闭节日和生日问候，不再发送问候；预约和复诊提醒照常发送',
      });
    } catch (e) {
      setOn(!next);
      setSaid({ kind: 'error', text: messageOf(e, '保存失败，请稍后重试') });
    }
  };
  return (
    <View className="card" id={`greetings-${p.id}`}>
      <Text className="line-strong">
        {p.name}
        <Text className="tag">{relationLabels[p.relation ?? 'self']}</Text>
      </Text>
      <ConsentSwitch
        id={`marketing-${p.id}`}
        title="接收节日和生日问候"
        text="预约提醒和复诊提醒不受此开关影响，照常发送。"
        checked={on}
        onChange={(v) => void change(v)}
      />
      {said ? <Banner id={`greetings-said-${p.id}`} kind={said.kind} text={said.text} /> : null}
    </View>
  );
}

/** One reminder template: how many WeChat reminders are left, and a button to allow more. */
function WechatReminder({ t }: { t: SubscriptionView }) {
  const [now, setNow] = useState(t);
  const [said, setSaid] = useState<Said>();
  const [busy, setBusy] = useState(false);
  const ask = async () => {
    setBusy(true);
    setSaid(undefined);
    try {
      const { results, templates } = await askSubscription([t.kind]);
      if (templates[0]) setNow(templates[0]);
      const r = results[t.kind];
      if (r === 'accept') setSaid({ kind: 'info', text: '已开启，将通过微信提醒您' });
      else if (r) setSaid({ kind: 'warn', text: '未开启，将以短信提醒' });
    } catch (e) {
      setSaid({ kind: 'error', text: messageOf(e, '未能开启，请稍后再试') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="card" id={`wechat-${t.kind}`}>
      <Text className="line-strong">{t.title}</Text>
      <Text className="settings-note">
        {now.remaining > 0 ? `还可通过微信提醒 ${now.remaining} 次` : '尚未开启，将以短信提醒'}
      </Text>
      {now.banned ? <Banner kind="warn" title="微信提醒已被关闭" text={UNBAN_HINT} /> : null}
      {said ? <Banner id={`wechat-said-${t.kind}`} kind={said.kind} text={said.text} /> : null}
      <Button
        id={`subscribe-${t.kind}`}
        className="btn btn-primary"
        disabled={busy || undefined}
        onClick={() => void ask()}
      >
        开启微信提醒
      </Button>
    </View>
  );
}

async function readSettings() {
  // The templates read first and kept, so a tap's prompt needs no network before it.
  const [patients, templates] = await Promise.all([
    listMyPatients(),
    loadTemplates(true).then(
      (items) => ({ items, error: '' }),
      (e) => ({ items: [] as SubscriptionView[], error: messageOf(e, '微信提醒暂时无法读取，请稍后再试') }),
    ),
  ]);
  return { patients: patients.items, templates };
}

/** 消息设置: greetings per profile (marketing consent) and WeChat reminders (subscribe messages). */
export default function Settings() {
  const state = useLoad(readSettings);
  return (
    <View className="page" id="message-settings">
      <Text className="title">消息设置</Text>
      <Loaded state={state} id="settings-error">
        {({ patients, templates }) => (
          <View>
            <Text className="section-title">节日和生日问候</Text>
            {patients.length === 0 ? (
              <Text className="settings-note">添加就诊人后可在这里设置。</Text>
            ) : (
              patients.map((p) => <GreetingSwitch key={p.id} p={p} />)
            )}
            <Text className="section-title">微信提醒</Text>
            <Text className="settings-note">每点一次“允许”，可收到一次微信提醒。未开启时，我们以短信提醒您。</Text>
            <Banner id="wechat-error" text={templates.error} />
            {templates.items.map((t) => (
              <WechatReminder key={t.kind} t={t} />
            ))}
          </View>
        )}
      </Loaded>
    </View>
  );
}
