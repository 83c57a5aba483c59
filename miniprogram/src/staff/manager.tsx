import type { MeView } from '@shared/schemas/auth';
import type { StaffRankRow } from '@shared/schemas/campaigns';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Loaded } from '../components/Loaded';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { messageOf } from '../services/request';
import { type CsvReport, channelStats, downloadCsv, monthlyStats, staffRanking } from '../services/stats';
import { notice } from '../utils/dialogs';
import { ChannelAnalysis, Ranking } from './manager-analysis';
import { TargetSheet } from './manager-target';
import { hasRole, MANAGERS } from './roles';
import { FigureTiles, MonthPicker, NotForYou, thisMonth } from './stats-ui';
import './marketing.css';
import './manager.css';
import { Banner } from '../components/Banner';

const isH5 = process.env.TARO_ENV === 'h5';

/** The clinic's month: totals, marketers ranked, channels and campaigns. */
async function readMonth(month: string) {
  const [totals, ranking, channels] = await Promise.all([
    monthlyStats(month),
    staffRanking(month),
    channelStats(month),
  ]);
  return { month, totals: totals.totals, ranking: ranking.items, channels };
}

function Exports({ month }: { month: string }) {
  const [exporting, setExporting] = useState<CsvReport | ''>('');
  if (!isH5) {
    return <Banner kind="info" id="export-note" text="导出 CSV（可用 Excel 打开）请在电脑端网页版操作。" />;
  }
  const run = async (what: CsvReport) => {
    if (exporting) return;
    setExporting(what);
    try {
      await downloadCsv(what, month);
    } catch (e) {
      notice('导出失败', messageOf(e));
    } finally {
      setExporting('');
    }
  };
  const button = (what: CsvReport, label: string) => (
    <Button
      id={`export-${what}`}
      className="btn"
      disabled={Boolean(exporting) || undefined}
      onClick={() => void run(what)}
    >
      {exporting === what ? '正在导出…' : label}
    </Button>
  );
  return (
    <View className="btn-row">
      {button('channels', '导出渠道 CSV')}
      {button('staff', '导出人员 CSV')}
    </View>
  );
}

function ManagerBoard({ user }: { user: MeView }) {
  const allowed = hasRole(user, MANAGERS);
  const [month, setMonth] = useState(thisMonth());
  const board = useLoad(() => (allowed ? readMonth(month) : Promise.resolve(undefined)), [month, allowed]);
  const [target, setTarget] = useState<StaffRankRow>();

  if (!allowed) return <NotForYou id="manager-denied" text="经营看板仅供管理者使用。" />;

  // Another month starts blank: its figures are never shown under the last month's name, or the reverse.
  const pick = (m: string) => {
    board.setData(undefined);
    setMonth(m);
  };
  return (
    <View className="page" id="manager-board">
      <Text className="title">经营看板</Text>
      <MonthPicker month={month} onChange={pick} />
      <Button id="go-satisfaction" className="btn" onClick={() => Taro.navigateTo({ url: '/staff/satisfaction' })}>
        满意度月报（按科室、医生）
      </Button>
      <Loaded state={board} id="manager-error">
        {(d) =>
          d?.month === month ? (
            <View>
              <Text className="mk-section">全院本月合计</Text>
              <View id="manager-totals">
                <FigureTiles idPrefix="total" figures={d.totals} />
                <Text className="muted">
                  就诊 {d.totals.visits} · 取消预约 {d.totals.cancellations}
                </Text>
              </View>
              <Ranking rows={d.ranking} onTarget={setTarget} />
              <ChannelAnalysis stats={d.channels} />
            </View>
          ) : null
        }
      </Loaded>

      <Text className="mk-section">导出</Text>
      <Exports month={month} />

      <Text className="mk-section">设置</Text>
      <Button id="go-plans" className="btn" onClick={() => void Taro.navigateTo({ url: '/staff/follow-up-plans' })}>
        回访计划
      </Button>
      <Button id="go-audit" className="btn" onClick={() => void Taro.navigateTo({ url: '/staff/audit' })}>
        患者审计记录
      </Button>

      {target ? (
        <TargetSheet
          row={target}
          month={month}
          onClose={() => setTarget(undefined)}
          onSaved={() => {
            setTarget(undefined);
            void board.reload();
          }}
        />
      ) : null}
    </View>
  );
}

export default function ManagerPage() {
  return <StaffGate>{(user) => <ManagerBoard user={user} />}</StaffGate>;
}
