import { clinicDate } from '@shared/dates';
import type { MeView } from '@shared/schemas/auth';
import type { CampaignView } from '@shared/schemas/campaigns';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Loaded } from '../components/Loaded';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { listCampaigns } from '../services/campaigns';
import { dailyStats, monthlyStats } from '../services/stats';
import { CampaignCard, NewCampaignForm, sortCampaigns } from './marketing-campaigns';
import { firstLeads, MyLeads } from './marketing-leads';
import { MonthSection } from './marketing-month';
import { QrSheet, TouchesSheet } from './marketing-sheets';
import { hasRole } from './roles';
import { FigureTiles, MARKETERS, monthDay, NotForYou, thisMonth } from './stats-ui';
import './marketing.css';
import './marketing-home.css';

type Open = { kind: 'qr' | 'touches'; c: CampaignView };

/** Today, this month and my campaigns: one read, one message if it fails, the last figures kept. */
async function readHome(today: string) {
  const [daily, month, campaigns] = await Promise.all([dailyStats(today), monthlyStats(thisMonth()), listCampaigns()]);
  return { daily, month, campaigns: sortCampaigns(campaigns.items) };
}

function MarketingHome({ user }: { user: MeView }) {
  const today = clinicDate(new Date());
  const allowed = hasRole(user, MARKETERS);
  const home = useLoad(() => (allowed ? readHome(today) : Promise.resolve(undefined)), [today, allowed]);
  const leads = useLoad(() => (allowed ? firstLeads() : Promise.resolve({ items: [] })), [allowed]);
  const [open, setOpen] = useState<Open>();

  if (!allowed) return <NotForYou id="marketing-denied" text="市场工作台仅供市场人员和管理者使用。" />;

  const refresh = () => {
    void home.reload();
    void leads.reload();
  };
  const added = (c: CampaignView) => {
    if (!home.data) return void home.reload();
    home.setData({ ...home.data, campaigns: sortCampaigns([c, ...home.data.campaigns.filter((x) => x.id !== c.id)]) });
  };
  const close = () => setOpen(undefined);

  return (
    <View className="page" id="marketing-home">
      <View className="row-between">
        <Text className="title">市场工作台</Text>
        <Text className="link" id="marketing-refresh" onClick={refresh}>
          {home.loading || leads.loading ? '正在刷新…' : '刷新'}
        </Text>
      </View>
      <Text className="mk-section">今日（{monthDay(today)}）</Text>
      <Loaded state={home} id="marketing-error">
        {(d) => <FigureTiles idPrefix="today" figures={d?.daily} />}
      </Loaded>

      <MyLeads leads={leads} />

      {home.data ? <MonthSection month={home.data.month} today={today} /> : null}
      {home.data ? (
        <View id="my-campaigns">
          <Text className="mk-section">我的活动</Text>
          {home.data.campaigns.length === 0 ? (
            <View className="card" id="campaigns-empty">
              <Text className="muted">还没有活动。在下方新建一个，活动二维码带来的报名都会算在您名下。</Text>
            </View>
          ) : (
            home.data.campaigns.map((c) => (
              <CampaignCard
                key={c.id}
                c={c}
                onQr={() => setOpen({ kind: 'qr', c })}
                onTouches={() => setOpen({ kind: 'touches', c })}
              />
            ))
          )}
        </View>
      ) : null}

      <NewCampaignForm onCreated={added} />

      {open?.kind === 'qr' ? <QrSheet key={open.c.id} c={open.c} onClose={close} /> : null}
      {open?.kind === 'touches' ? <TouchesSheet key={open.c.id} c={open.c} onClose={close} /> : null}
    </View>
  );
}

export default function MarketingPage() {
  return <StaffGate>{(user) => <MarketingHome user={user} />}</StaffGate>;
}
