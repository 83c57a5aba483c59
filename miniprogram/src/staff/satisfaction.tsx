import type { MeView } from '@shared/schemas/auth';
import type { SatisfactionFigures } from '@shared/schemas/reports';
import { COMPLAINT_DUE_HOURS } from '@shared/schemas/surveys';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import { Loaded } from '../components/Loaded';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { satisfactionReport } from '../services/reports';
import { messageOf } from '../services/request';
import { downloadCsv } from '../services/stats';
import { notice } from '../utils/dialogs';
import { hasRole, MANAGERS } from './roles';
import { DimensionBars, NpsBar, npsText, TrendChart } from './satisfaction-charts';
import { DepartmentTable, DoctorTable } from './satisfaction-tables';
import { MonthPicker, NotForYou, pct, Tile, thisMonth } from './stats-ui';
import './marketing.css';
import './manager.css';
import './satisfaction.css';

const isH5 = process.env.TARO_ENV === 'h5';

/** The month's big numbers: invitations, answers, response rate, then NPS and overall stars. */
function Totals({ f }: { f: SatisfactionFigures }) {
  return (
    <View className="mk-tiles" id="sat-totals">
      <Tile id="total-invitations" label="邀请" value={String(f.invitations)} />
      <Tile id="total-answers" label="答卷" value={String(f.answers)} />
      <Tile id="total-rate" label="回复率" value={pct(f.responseRate)} />
      <Tile id="total-nps" label="NPS" value={npsText(f.nps)} />
      <Tile id="total-overall" label="总体均分" value={f.averages.overall?.toFixed(2) ?? '—'} />
      <Tile id="total-low" label="低分答卷" value={String(f.low)} />
    </View>
  );
}

/** Low answers: each opened a complaint; how many were closed, and within the time allowed. */
function LowAnswers({ f }: { f: SatisfactionFigures }) {
  const share = f.resolvedInTimeRate;
  return (
    <View className="card mk-progress" id="low-card">
      <View className="row-between">
        <Text className="mk-progress-label">{COMPLAINT_DUE_HOURS} 小时内处理</Text>
        <Text className="mk-progress-pct" id="low-in-time-pct">
          {pct(share)}
        </Text>
      </View>
      <View className="mk-bar-track">
        <View className="mk-bar-fill" style={{ width: `${(share ?? 0) * 100}%` }} />
      </View>
      <View className="mk-progress-figs">
        <Text className="mk-nowrap">低分答卷 {f.low} 份</Text>
        <Text className="mk-nowrap">已处理 {f.lowResolved}</Text>
        <Text className="mk-nowrap" id="low-in-time">
          按时 {f.lowResolvedInTime}
        </Text>
      </View>
      <Text className="muted">低分答卷会生成投诉回访，须在 {COMPLAINT_DUE_HOURS} 小时内处理。</Text>
    </View>
  );
}

function CsvButton({ month }: { month: string }) {
  const [busy, setBusy] = useState(false);
  if (!isH5) return <Banner kind="info" id="export-note" text="导出 CSV（可用 Excel 打开）请在电脑端网页版操作。" />;
  const run = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await downloadCsv('satisfaction', month);
    } catch (e) {
      notice('导出失败', messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button id="export-satisfaction" className="btn" disabled={busy || undefined} onClick={() => void run()}>
      {busy ? '正在导出…' : '导出满意度 CSV'}
    </Button>
  );
}

function Report({ user }: { user: MeView }) {
  const allowed = hasRole(user, MANAGERS);
  const [month, setMonth] = useState(thisMonth());
  const report = useLoad(() => (allowed ? satisfactionReport(month) : Promise.resolve(undefined)), [month, allowed]);
  if (!allowed) return <NotForYou id="satisfaction-denied" text="满意度月报仅供管理者使用。" />;
  const pick = (m: string) => {
    // Another month starts blank: never one month's figures under another's name.
    report.setData(undefined);
    setMonth(m);
  };
  return (
    <View className="page" id="satisfaction-page">
      <Text className="title">满意度月报</Text>
      <MonthPicker month={month} onChange={pick} />
      <Loaded state={report} id="satisfaction-error">
        {(r) =>
          r?.month === month ? (
            <View>
              <Text className="muted">按就诊月份统计：本月就诊患者收到的邀请和他们的答卷。</Text>
              <Totals f={r.totals} />
              <NpsBar f={r.totals} />
              <Text className="mk-section">各项平均分</Text>
              <DimensionBars f={r.totals} />
              <Text className="mk-section">低分答卷处理</Text>
              <LowAnswers f={r.totals} />
              <Text className="mk-section">近 {r.trend.length} 个月趋势</Text>
              <TrendChart trend={r.trend} />
              <Text className="mk-section">按科室</Text>
              <DepartmentTable rows={r.departments} />
              <Text className="mk-section">按医生</Text>
              <DoctorTable rows={r.doctors} />
            </View>
          ) : null
        }
      </Loaded>
      <Text className="mk-section">导出</Text>
      <CsvButton month={month} />
    </View>
  );
}

export default function SatisfactionPage() {
  return <StaffGate>{(user) => <Report user={user} />}</StaffGate>;
}
