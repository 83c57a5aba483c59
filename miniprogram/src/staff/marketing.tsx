import { clinicDate } from '@shared/dates';
import type { MeView } from '@shared/schemas/auth';
import {
  type CampaignView,
  campaignChannels,
  createCampaignInput,
  type DailyStats,
  type DayFigures,
  type MonthlyStats,
  type TouchView,
} from '@shared/schemas/campaigns';
import { channelLabels } from '@shared/schemas/common';
import { Button, Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import DateField from '../components/DateField';
import FormField from '../components/FormField';
import StaffGate from '../components/StaffGate';
import { campaignQrCode, campaignTouches, createCampaign, listCampaigns } from '../services/campaigns';
import { ApiError } from '../services/request';
import { dailyStats, monthlyStats } from '../services/stats';
import { errorsByPath, errorsFromApi, type FieldErrors, optionalText } from '../utils/form';
import { hasRole } from './roles';
import { addDays, MARKETERS, money, Progress, pct, stateLabels, Tile, thisMonth } from './stats-ui';
import './marketing.css';
import './staff.css';

type Metric = 'revenue' | 'arrivals';
type CampaignChannel = (typeof campaignChannels)[number];

interface Anomaly {
  date: string;
  reason: string;
}

const md = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
const messageOf = (e: unknown) =>
  e instanceof ApiError ? e.message.replace('（您填写的内容已保留）', '') : '加载失败，请稍后重试';
const stateOrder: Record<CampaignView['state'], number> = { running: 0, upcoming: 1, ended: 2 };

/** Running campaigns first, then upcoming, then ended; the latest start first within each. */
function sortCampaigns(items: CampaignView[]): CampaignView[] {
  return [...items].sort((a, b) => stateOrder[a.state] - stateOrder[b.state] || b.startsOn.localeCompare(a.startsOn));
}

/**
 * Days that look wrong: appointments but nobody came (once the day is over), or new records
 * below half of the average of the 7 days before (needs at least 3 earlier days to compare with).
 */
export function findAnomalies(days: DayFigures[], today: string): Anomaly[] {
  const out: Anomaly[] = [];
  days.forEach((d, i) => {
    if (d.date >= today) return;
    if (d.appointments > 0 && d.arrivals === 0) {
      out.push({ date: d.date, reason: `有 ${d.appointments} 个预约，但无人到院` });
    }
    const before = days.slice(Math.max(0, i - 7), i);
    if (before.length >= 3) {
      const avg = before.reduce((s, b) => s + b.newRecords, 0) / before.length;
      if (avg > 0 && d.newRecords < avg / 2) {
        out.push({ date: d.date, reason: `新建档 ${d.newRecords} 个，不到前 7 天平均（${avg.toFixed(1)}）的一半` });
      }
    }
  });
  return out;
}

function MonthChart({
  days,
  metric,
  today,
  odd,
}: {
  days: DayFigures[];
  metric: Metric;
  today: string;
  odd: Set<string>;
}) {
  const value = (d: DayFigures) => (metric === 'revenue' ? d.revenueFen : d.arrivals);
  const top = Math.max(0, ...days.map(value));
  const max = Math.max(1, top);
  const last = days.length;
  const todayIndex = days.findIndex((d) => d.date === today);
  return (
    <View id="month-chart">
      <View className="mk-chart">
        {days.map((d) => {
          const cls = `mk-col${d.date === today ? ' mk-col-today' : ''}${odd.has(d.date) ? ' mk-col-odd' : ''}${d.date > today ? ' mk-col-future' : ''}`;
          return (
            <View key={d.date} className={cls} id={`chart-day-${d.date}`}>
              <View className="mk-col-bar" style={{ height: `${(value(d) / max) * 100}%` }} />
            </View>
          );
        })}
      </View>
      <View className="mk-axis">
        {days.map((d, i) => {
          const n = i + 1;
          // Day numbers every 5 days, and 今 for today (its neighbours stay blank so labels do not collide).
          const nearToday = Math.abs(i - todayIndex) === 1;
          const show = d.date === today || (!nearToday && (n === 1 || n === last || (n % 5 === 0 && last - n > 1)));
          return (
            <Text key={d.date} className={`mk-axis-cell${d.date === today ? ' mk-axis-today' : ''}`}>
              {show ? (d.date === today ? '今' : String(n)) : ''}
            </Text>
          );
        })}
      </View>
      <Text className="mk-legend">
        {top === 0
          ? `本月还没有${metric === 'revenue' ? '营收' : '到院'}记录`
          : `单日最高 ${metric === 'revenue' ? money(top) : `${top} 人`}`}
        ；深色为今天，红色为异常日
      </Text>
    </View>
  );
}

function CampaignCard(p: { c: CampaignView; onQr: () => void; onTouches: () => void }) {
  const { c } = p;
  const r = c.results;
  return (
    <View className="card" id={`campaign-${c.id}`}>
      <View className="mk-camp-head">
        <Text className="mk-camp-name">{c.name}</Text>
        <Text className={`mk-state mk-state-${c.state}`}>{stateLabels[c.state] ?? c.state}</Text>
      </View>
      <Text className="muted">
        {channelLabels[c.channel as CampaignChannel] ?? c.channel} · {c.startsOn} 至 {c.endsOn}
        {c.ownerStaffName ? ` · ${c.ownerStaffName}` : ''}
      </Text>
      {r ? (
        <View>
          <Text className="banner-line" id={`campaign-signups-${c.id}`}>
            报名 {r.signups}，其中老患者 {r.knownSignups}
          </Text>
          <View className="mk-figs">
            <View className="mk-fig">
              <Text className="mk-fig-value">{r.newRecords}</Text>
              <Text className="mk-fig-label">新建档</Text>
            </View>
            <View className="mk-fig">
              <Text className="mk-fig-value">{r.arrivals}</Text>
              <Text className="mk-fig-label">到院</Text>
            </View>
            <View className="mk-fig">
              <Text className="mk-fig-value">{pct(r.conversion)}</Text>
              <Text className="mk-fig-label">转化率</Text>
            </View>
            <View className="mk-fig">
              <Text className="mk-fig-value">{r.appointments}</Text>
              <Text className="mk-fig-label">预约</Text>
            </View>
            <View className="mk-fig" style={{ width: '66.6%' }}>
              <Text className="mk-fig-value">{money(r.revenueFen)}</Text>
              <Text className="mk-fig-label">营收</Text>
            </View>
          </View>
        </View>
      ) : null}
      <View className="mk-actions">
        <Button id={`qr-${c.id}`} className="btn btn-primary" onClick={p.onQr}>
          二维码
        </Button>
        <Button id={`touches-${c.id}`} className="btn" onClick={p.onTouches}>
          报名名单
        </Button>
      </View>
    </View>
  );
}

interface NewCampaign {
  name: string;
  channel: CampaignChannel | '';
  startsOn: string;
  endsOn: string;
  notes: string;
}

const blankCampaign = (): NewCampaign => {
  const today = clinicDate(new Date());
  return { name: '', channel: '', startsOn: today, endsOn: addDays(today, 30), notes: '' };
};

function toCampaignInput(f: NewCampaign) {
  return {
    name: f.name,
    channel: f.channel || undefined,
    startsOn: f.startsOn,
    endsOn: f.endsOn,
    notes: optionalText(f.notes),
  };
}

function NewCampaignForm({ onCreated }: { onCreated: (c: CampaignView) => void }) {
  const [form, setForm] = useState<NewCampaign>(blankCampaign);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [tried, setTried] = useState(false);
  const [sending, setSending] = useState(false);
  const [banner, setBanner] = useState('');

  const validate = (f: NewCampaign) => {
    const r = createCampaignInput.safeParse(toCampaignInput(f));
    return r.success ? {} : errorsByPath(r.error.issues);
  };

  const set = <K extends keyof NewCampaign>(k: K, v: NewCampaign[K]) => {
    setForm((prev) => {
      const next = { ...prev, [k]: v };
      if (tried) setErrors(validate(next));
      return next;
    });
  };

  const submit = async () => {
    if (sending) return;
    setTried(true);
    setBanner('');
    const parsed = createCampaignInput.safeParse(toCampaignInput(form));
    if (!parsed.success) {
      setErrors(errorsByPath(parsed.error.issues));
      setBanner('请按提示修改标红的内容');
      return;
    }
    setErrors({});
    setSending(true);
    try {
      const c = await createCampaign(parsed.data);
      Taro.showToast({ title: '活动已创建', icon: 'success' });
      onCreated(c);
      setForm(blankCampaign());
      setTried(false);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && e.fields.length) {
        setErrors(errorsFromApi(e.fields));
        setBanner('请按提示修改标红的内容');
      } else if (!(e instanceof ApiError && e.status === 401)) {
        setBanner(messageOf(e));
      }
    } finally {
      setSending(false);
    }
  };

  const today = clinicDate(new Date());
  return (
    <View className="card" id="campaign-new">
      <Text className="card-title">新建活动</Text>
      <Banner id="campaign-form-error" text={banner} />
      <FormField
        id="campaign-field-name"
        label="活动名称"
        value={form.name}
        error={errors.name}
        placeholder="如 社区免费口腔检查"
        maxlength={40}
        onChange={(v) => set('name', v)}
      />
      <View className="field">
        <Text className="label">渠道</Text>
        <Chips
          idPrefix="campaign-channel"
          options={campaignChannels.map((c) => ({ value: c, label: channelLabels[c] }))}
          selected={form.channel}
          onToggle={(v) => set('channel', v as CampaignChannel)}
        />
        {errors.channel ? (
          <Text className="error-text" id="error-campaign-channel">
            请选择渠道
          </Text>
        ) : null}
      </View>
      <DateField
        id="campaign-field-startsOn"
        label="开始日期"
        value={form.startsOn}
        error={errors.startsOn}
        placeholder="如 2026-11-01"
        start={addDays(today, -365)}
        end={addDays(today, 730)}
        onChange={(v) => set('startsOn', v)}
      />
      <DateField
        id="campaign-field-endsOn"
        label="结束日期"
        value={form.endsOn}
        error={errors.endsOn}
        placeholder="如 2026-11-30"
        start={addDays(today, -365)}
        end={addDays(today, 730)}
        onChange={(v) => set('endsOn', v)}
      />
      <FormField
        id="campaign-field-notes"
        label="备注"
        hint="选填"
        value={form.notes}
        error={errors.notes}
        maxlength={500}
        onChange={(v) => set('notes', v)}
      />
      <Button
        id="campaign-submit"
        className="btn btn-primary"
        disabled={sending || undefined}
        onClick={() => void submit()}
      >
        {sending ? '正在创建…' : '创建活动'}
      </Button>
    </View>
  );
}

type Sheet =
  | { kind: 'qr'; c: CampaignView; image?: string; problem?: string }
  | { kind: 'touches'; c: CampaignView; items?: TouchView[]; problem?: string };

function MarketingHome({ user }: { user: MeView }) {
  const [daily, setDaily] = useState<DailyStats>();
  const [month, setMonth] = useState<MonthlyStats>();
  const [campaigns, setCampaigns] = useState<CampaignView[]>();
  const [problem, setProblem] = useState('');
  const [loading, setLoading] = useState(false);
  const [metric, setMetric] = useState<Metric>('revenue');
  const [sheet, setSheet] = useState<Sheet>();
  const today = clinicDate(new Date());

  const load = async () => {
    setLoading(true);
    setProblem('');
    // Each part keeps its last data if its refresh fails.
    const results = await Promise.allSettled([
      dailyStats(today).then(setDaily),
      monthlyStats(thisMonth()).then(setMonth),
      listCampaigns().then((r) => setCampaigns(sortCampaigns(r.items))),
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed && !(failed.reason instanceof ApiError && failed.reason.status === 401)) {
      setProblem(`${messageOf(failed.reason)}${daily || month || campaigns ? '（显示的是上次的数据）' : ''}`);
    }
    setLoading(false);
  };

  useDidShow(() => {
    void load();
  });

  const openQr = (c: CampaignView) => {
    setSheet({ kind: 'qr', c });
    campaignQrCode(c.id)
      .then((image) => setSheet((s) => (s?.c.id === c.id && s.kind === 'qr' ? { ...s, image } : s)))
      .catch((e) => setSheet((s) => (s?.c.id === c.id && s.kind === 'qr' ? { ...s, problem: messageOf(e) } : s)));
  };

  const openTouches = (c: CampaignView) => {
    setSheet({ kind: 'touches', c });
    campaignTouches(c.id)
      .then((r) => setSheet((s) => (s?.c.id === c.id && s.kind === 'touches' ? { ...s, items: r.items } : s)))
      .catch((e) => setSheet((s) => (s?.c.id === c.id && s.kind === 'touches' ? { ...s, problem: messageOf(e) } : s)));
  };

  if (!hasRole(user, MARKETERS)) {
    return (
      <View className="page" id="marketing-denied">
        <View className="banner banner-info">
          <Text className="banner-line">市场工作台仅供市场人员和管理者使用。</Text>
        </View>
      </View>
    );
  }

  const anomalies = month ? findAnomalies(month.days, today) : [];
  const odd = new Set(anomalies.map((a) => a.date));
  const t = month?.totals;

  return (
    <View className="page" id="marketing-home">
      <View className="row-between">
        <Text className="title">市场工作台</Text>
        <Text className="link" id="marketing-refresh" onClick={() => void load()}>
          {loading ? '正在刷新…' : '刷新'}
        </Text>
      </View>
      {problem ? (
        <View className="banner banner-error" id="marketing-error">
          <Text className="banner-line">{problem}</Text>
          <Text className="link" onClick={() => void load()}>
            点此重试
          </Text>
        </View>
      ) : null}

      <Text className="mk-section">今日（{md(today)}）</Text>
      <View className="mk-tiles">
        <Tile id="today-newRecords" label="新建档" value={daily ? String(daily.newRecords) : '—'} />
        <Tile id="today-appointments" label="预约" value={daily ? String(daily.appointments) : '—'} />
        <Tile id="today-arrivals" label="到院" value={daily ? String(daily.arrivals) : '—'} />
        <Tile id="today-revenue" label="营收" value={daily ? money(daily.revenueFen) : '—'} />
      </View>

      <Text className="mk-section">本月目标（{thisMonth()}）</Text>
      <View className="card">
        {month && t ? (
          <View>
            <Progress
              id="month-progress-revenue"
              label="营收"
              done={money(t.revenueFen)}
              goal={month.target ? money(month.target.revenueFen) : undefined}
              share={month.target ? month.achievement?.revenue : undefined}
            />
            <Progress
              id="month-progress-arrivals"
              label="到院"
              done={`${t.arrivals} 人`}
              goal={month.target ? `${month.target.arrivals} 人` : undefined}
              share={month.target ? month.achievement?.arrivals : undefined}
            />
            <Text className="muted" id="month-totals">
              本月累计：新建档 {t.newRecords} · 预约 {t.appointments} · 到院 {t.arrivals}
            </Text>
          </View>
        ) : (
          <Text className="muted">{loading ? '正在加载…' : '暂无数据'}</Text>
        )}
      </View>

      <Text className="mk-section">本月每日</Text>
      <View className="card">
        <Chips
          idPrefix="chart-metric"
          options={[
            { value: 'revenue', label: '营收' },
            { value: 'arrivals', label: '到院' },
          ]}
          selected={metric}
          onToggle={(v) => setMetric(v as Metric)}
        />
        {month ? (
          <MonthChart days={month.days} metric={metric} today={today} odd={odd} />
        ) : (
          <Text className="muted">{loading ? '正在加载…' : '暂无数据'}</Text>
        )}
      </View>

      <View className={`banner ${anomalies.length ? 'banner-error' : 'banner-info'}`} id="anomalies">
        <Text className="banner-title">异常提醒</Text>
        {anomalies.length ? (
          anomalies.map((a) => (
            <Text className="mk-odd-line" key={`${a.date}-${a.reason}`}>
              {md(a.date)}：{a.reason}
            </Text>
          ))
        ) : (
          <Text className="banner-line">{month ? '本月暂无异常' : '—'}</Text>
        )}
      </View>

      <Text className="mk-section">我的活动</Text>
      {campaigns === undefined ? (
        <Text className="muted">{loading ? '正在加载…' : '暂无数据'}</Text>
      ) : campaigns.length === 0 ? (
        <View className="card" id="campaigns-empty">
          <Text className="muted">还没有活动。在下方新建一个，活动二维码带来的报名都会算在您名下。</Text>
        </View>
      ) : (
        campaigns.map((c) => <CampaignCard key={c.id} c={c} onQr={() => openQr(c)} onTouches={() => openTouches(c)} />)
      )}

      <NewCampaignForm
        onCreated={(c) => setCampaigns((prev) => sortCampaigns([c, ...(prev ?? []).filter((x) => x.id !== c.id)]))}
      />

      {sheet ? (
        <View>
          <View className="sheet-mask" onClick={() => setSheet(undefined)} />
          <View className="mk-modal" id={sheet.kind === 'qr' ? 'qr-modal' : 'touches-modal'}>
            <Text className="card-title">{sheet.c.name}</Text>
            {sheet.kind === 'qr' ? (
              <View>
                {sheet.image ? (
                  <Image id="qr-image" className="mk-qr" src={sheet.image} showMenuByLongpress />
                ) : (
                  <Text className="muted">{sheet.problem ? '' : '正在生成二维码…'}</Text>
                )}
                <Text className="banner-line">请患者用微信扫一扫报名</Text>
                <Text className="muted">报名会计入您的活动；屏幕调亮更容易扫。</Text>
              </View>
            ) : (
              <View id="touches-list">
                {sheet.items === undefined && !sheet.problem ? <Text className="muted">正在加载…</Text> : null}
                {sheet.items?.length === 0 ? <Text className="muted">还没有人报名</Text> : null}
                {sheet.items?.map((x) => (
                  <View className="mk-touch" key={`${x.at}-${x.maskedPhone}`}>
                    <View>
                      <Text className="banner-line">
                        {x.maskedName} {x.maskedPhone}
                      </Text>
                      <Text className="muted">
                        {md(clinicDate(new Date(x.at)))}{' '}
                        {new Date(Date.parse(x.at) + 8 * 3600_000).toISOString().slice(11, 16)}
                      </Text>
                    </View>
                    <Text className={`mk-touch-kind mk-touch-${x.kind}`}>
                      {x.kind === 'new' ? '新建档' : `已是${x.ownerStaffName || '本院'}的患者`}
                    </Text>
                  </View>
                ))}
              </View>
            )}
            {sheet.problem ? (
              <View className="banner banner-error">
                <Text className="banner-line">{sheet.problem}</Text>
              </View>
            ) : null}
            <Button id="sheet-close" className="btn" onClick={() => setSheet(undefined)}>
              关闭
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}

export default function MarketingPage() {
  return <StaffGate>{(user) => <MarketingHome user={user} />}</StaffGate>;
}
