import type { MeView } from '@shared/schemas/auth';
import type { ChannelStats, MonthlyStats, StaffRankRow } from '@shared/schemas/campaigns';
import { type Channel, channelLabels } from '@shared/schemas/common';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { Banner } from '../components/Banner';
import FormField from '../components/FormField';
import StaffGate from '../components/StaffGate';
import { ApiError } from '../services/request';
import { channelStats, downloadCsv, monthlyStats, setTarget, staffRanking } from '../services/stats';
import { hasRole, MANAGERS } from './roles';
import { money, Progress, pct, shiftMonth, Tile, thisMonth } from './stats-ui';
import './marketing.css';
import './staff.css';

const isH5 = process.env.TARO_ENV === 'h5';
const messageOf = (e: unknown) =>
  e instanceof ApiError ? e.message.replace('（您填写的内容已保留）', '') : '加载失败，请稍后重试';

interface MonthData {
  totals?: MonthlyStats;
  ranking?: StaffRankRow[];
  channels?: ChannelStats;
}

interface TargetForm {
  row: StaffRankRow;
  revenueYuan: string;
  arrivals: string;
  error?: string;
  sending?: boolean;
}

function TargetSheet(p: {
  form: TargetForm;
  month: string;
  onChange: (f: TargetForm) => void;
  onClose: () => void;
  onSaved: () => void;
}) {
  const f = p.form;
  const save = async () => {
    if (f.sending) return;
    const yuan = Number(f.revenueYuan.trim());
    const arrivals = Number(f.arrivals.trim());
    if (!f.revenueYuan.trim() || !Number.isFinite(yuan) || yuan < 0) {
      p.onChange({ ...f, error: '请输入营收目标（元），如 200000' });
      return;
    }
    if (!f.arrivals.trim() || !Number.isInteger(arrivals) || arrivals < 0) {
      p.onChange({ ...f, error: '请输入到院目标（人数，整数）' });
      return;
    }
    p.onChange({ ...f, error: undefined, sending: true });
    try {
      await setTarget(f.row.staffId, p.month, { revenueFen: Math.round(yuan * 100), arrivals });
      Taro.showToast({ title: '目标已保存', icon: 'success' });
      p.onSaved();
    } catch (e) {
      p.onChange({ ...f, sending: false, error: messageOf(e) });
    }
  };
  return (
    <View>
      <View className="sheet-mask" onClick={p.onClose} />
      <View className="sheet" id="target-sheet">
        <Text className="card-title">
          设目标：{f.row.name}（{p.month}）
        </Text>
        <FormField
          id="target-revenue"
          label="营收目标（元）"
          type="digit"
          value={f.revenueYuan}
          placeholder="如 200000"
          maxlength={12}
          onChange={(v) => p.onChange({ ...f, revenueYuan: v, error: undefined })}
        />
        <FormField
          id="target-arrivals"
          label="到院目标（人）"
          type="number"
          value={f.arrivals}
          placeholder="如 60"
          maxlength={6}
          onChange={(v) => p.onChange({ ...f, arrivals: v, error: undefined })}
        />
        <Banner id="target-error" text={f.error} />
        <View className="btn-row">
          <Button id="target-cancel" className="btn" onClick={p.onClose}>
            取消
          </Button>
          <Button
            id="target-save"
            className="btn btn-primary"
            disabled={f.sending || undefined}
            onClick={() => void save()}
          >
            {f.sending ? '正在保存…' : '保存目标'}
          </Button>
        </View>
      </View>
    </View>
  );
}

/** One row of an analysis table: name and revenue on top, the counts underneath (fits a phone). */
function StatRow(p: { id: string; title: string; subtitle?: string; revenueFen: number; figures: [string, string][] }) {
  return (
    <View className="mk-row" id={p.id}>
      <View className="row-between">
        <View className="mk-row-title">
          <Text className="mk-row-name">{p.title}</Text>
          {p.subtitle ? <Text className="muted">{p.subtitle}</Text> : null}
        </View>
        <Text className="mk-row-money">{money(p.revenueFen)}</Text>
      </View>
      <View className="mk-row-figs">
        {p.figures.map(([label, value]) => (
          <View className="mk-row-fig" key={label}>
            <Text className="mk-row-fig-value">{value}</Text>
            <Text className="mk-row-fig-label">{label}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

function ManagerBoard({ user }: { user: MeView }) {
  const current = thisMonth();
  const [month, setMonth] = useState(current);
  const [data, setData] = useState<Record<string, MonthData>>({});
  const [problem, setProblem] = useState('');
  const [loading, setLoading] = useState(false);
  const [target, setTargetForm] = useState<TargetForm>();
  const [exporting, setExporting] = useState('');
  const seq = useRef(0);

  const load = async (m: string) => {
    const mine = ++seq.current;
    setLoading(true);
    setProblem('');
    const put = (part: MonthData) => setData((prev) => ({ ...prev, [m]: { ...prev[m], ...part } }));
    const results = await Promise.allSettled([
      monthlyStats(m).then((totals) => put({ totals })),
      staffRanking(m).then((r) => put({ ranking: r.items })),
      channelStats(m).then((channels) => put({ channels })),
    ]);
    if (mine !== seq.current) return;
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed && !(failed.reason instanceof ApiError && failed.reason.status === 401)) {
      setProblem(messageOf(failed.reason));
    }
    setLoading(false);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the month changes
  useEffect(() => {
    void load(month);
  }, [month]);
  useDidShow(() => {
    if (data[month]) void load(month);
  });

  if (!hasRole(user, MANAGERS)) {
    return (
      <View className="page" id="manager-denied">
        <View className="banner banner-info">
          <Text className="banner-line">经营看板仅供管理者使用。</Text>
        </View>
      </View>
    );
  }

  const d = data[month] ?? {};
  const t = d.totals?.totals;

  const exportCsv = async (what: 'channels' | 'staff') => {
    if (!isH5) {
      Taro.showModal({ title: '导出', content: '导出 CSV 请在电脑端（网页版）操作。', showCancel: false });
      return;
    }
    if (exporting) return;
    setExporting(what);
    try {
      await downloadCsv(what, month);
    } catch (e) {
      Taro.showModal({ title: '导出失败', content: messageOf(e), showCancel: false, confirmText: '知道了' });
    } finally {
      setExporting('');
    }
  };

  const openTarget = (row: StaffRankRow) =>
    setTargetForm({
      row,
      revenueYuan: row.target ? String(row.target.revenueFen / 100) : '',
      arrivals: row.target ? String(row.target.arrivals) : '',
    });

  return (
    <View className="page" id="manager-board">
      <Text className="title">经营看板</Text>
      <View className="mk-month">
        <Text className="mk-month-arrow" id="month-prev" onClick={() => setMonth(shiftMonth(month, -1))}>
          ‹
        </Text>
        <Text className="mk-month-label" id="month-label">
          {month}
        </Text>
        <Text
          className={`mk-month-arrow${month >= current ? ' mk-month-arrow-off' : ''}`}
          id="month-next"
          onClick={() => {
            if (month < current) setMonth(shiftMonth(month, 1));
          }}
        >
          ›
        </Text>
      </View>
      {problem ? (
        <View className="banner banner-error" id="manager-error">
          <Text className="banner-line">
            {problem}
            {data[month] ? '（显示的是上次的数据）' : ''}
          </Text>
          <Text className="link" onClick={() => void load(month)}>
            点此重试
          </Text>
        </View>
      ) : null}
      {loading && !data[month] ? <Text className="muted">正在加载…</Text> : null}

      <Text className="mk-section">全院本月合计</Text>
      <View id="manager-totals">
        <View className="mk-tiles">
          <Tile id="total-newRecords" label="新建档" value={t ? String(t.newRecords) : '—'} />
          <Tile id="total-appointments" label="预约" value={t ? String(t.appointments) : '—'} />
          <Tile id="total-arrivals" label="到院" value={t ? String(t.arrivals) : '—'} />
          <Tile id="total-revenue" label="营收" value={t ? money(t.revenueFen) : '—'} />
        </View>
        {t ? (
          <Text className="muted">
            就诊 {t.visits} · 取消预约 {t.cancellations}
          </Text>
        ) : null}
      </View>

      <Text className="mk-section">市场人员排名</Text>
      <View id="rank-table">
        {d.ranking?.length === 0 ? (
          <View className="card">
            <Text className="muted">本院还没有市场人员</Text>
          </View>
        ) : null}
        {d.ranking?.map((r, i) => (
          <View className="mk-rank" key={r.staffId} id={`rank-${r.staffId}`}>
            <View className="row-between">
              <Text className="mk-rank-no">{i + 1}</Text>
              <Text className="mk-rank-name">{r.name}</Text>
              <Button id={`target-${r.staffId}`} className="btn btn-small" onClick={() => openTarget(r)}>
                设目标
              </Button>
            </View>
            <Text className="muted">
              新建档 {r.totals.newRecords} · 预约 {r.totals.appointments} · 到院 {r.totals.arrivals}
            </Text>
            <Progress
              id={`rank-revenue-${r.staffId}`}
              label="营收"
              done={money(r.totals.revenueFen)}
              goal={r.target ? money(r.target.revenueFen) : undefined}
              share={r.target ? r.achievement?.revenue : undefined}
            />
            {r.target ? (
              <Progress
                id={`rank-arrivals-${r.staffId}`}
                label="到院"
                done={`${r.totals.arrivals} 人`}
                goal={`${r.target.arrivals} 人`}
                share={r.achievement?.arrivals}
              />
            ) : null}
          </View>
        ))}
      </View>

      <Text className="mk-section">渠道分析</Text>
      <View className="card mk-table-card" id="channel-table">
        {d.channels?.channels.map((c) => (
          <StatRow
            key={c.channel}
            id={`channel-${c.channel}`}
            title={channelLabels[c.channel as Channel] ?? c.channel}
            revenueFen={c.revenueFen}
            figures={[
              ['新建档', String(c.newRecords)],
              ['预约', String(c.appointments)],
              ['到院', String(c.arrivals)],
              ['转化率', pct(c.conversion)],
            ]}
          />
        ))}
        {d.channels?.channels.length === 0 ? <Text className="muted">本月暂无数据</Text> : null}
        {d.channels ? null : <Text className="muted">{loading ? '正在加载…' : '暂无数据'}</Text>}
      </View>

      <Text className="mk-section">活动分析</Text>
      <View className="card mk-table-card" id="campaign-table">
        {d.channels?.campaigns.map((c) => (
          <StatRow
            key={c.campaignId}
            id={`campaign-row-${c.campaignId}`}
            title={c.name}
            subtitle={`${channelLabels[c.channel as Channel] ?? c.channel}${c.ownerStaffName ? ` · ${c.ownerStaffName}` : ''}`}
            revenueFen={c.revenueFen}
            figures={[
              ['报名', String(c.signups)],
              ['老患者', String(c.knownSignups)],
              ['新建档', String(c.newRecords)],
              ['到院', String(c.arrivals)],
              ['转化率', pct(c.conversion)],
            ]}
          />
        ))}
        {d.channels?.campaigns.length === 0 ? <Text className="muted">本月暂无活动数据</Text> : null}
        {d.channels ? null : <Text className="muted">{loading ? '正在加载…' : '暂无数据'}</Text>}
      </View>
      <Text className="muted">转化率 = 到院 ÷ 新建档</Text>

      <Text className="mk-section">导出</Text>
      {isH5 ? (
        <View className="btn-row">
          <Button
            id="export-channels"
            className="btn"
            disabled={Boolean(exporting) || undefined}
            onClick={() => void exportCsv('channels')}
          >
            {exporting === 'channels' ? '正在导出…' : '导出渠道 CSV'}
          </Button>
          <Button
            id="export-staff"
            className="btn"
            disabled={Boolean(exporting) || undefined}
            onClick={() => void exportCsv('staff')}
          >
            {exporting === 'staff' ? '正在导出…' : '导出人员 CSV'}
          </Button>
        </View>
      ) : (
        <View className="banner banner-info" id="export-note">
          <Text className="banner-line">导出 CSV（可用 Excel 打开）请在电脑端网页版操作。</Text>
        </View>
      )}

      {target ? (
        <TargetSheet
          form={target}
          month={month}
          onChange={setTargetForm}
          onClose={() => setTargetForm(undefined)}
          onSaved={() => {
            setTargetForm(undefined);
            void load(month);
          }}
        />
      ) : null}
    </View>
  );
}

export default function ManagerPage() {
  return <StaffGate>{(user) => <ManagerBoard user={user} />}</StaffGate>;
}
