import { clinicDate } from '@shared/dates';
import type { MeView } from '@shared/schemas/auth';
import type { GroupCardView, GroupKey } from '@shared/schemas/patient-groups';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import { Loaded } from '../components/Loaded';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { groupSettings, listGroups, runGrouping } from '../services/patient-groups';
import { messageOf } from '../services/request';
import { notice } from '../utils/dialogs';
import { GroupMembers } from './groups-members';
import { GroupSettingsEditor } from './groups-settings';
import { GROUP_WORKERS, hasRole, MANAGERS } from './roles';
import { MonthPicker, thisMonth } from './stats-ui';
import './staff.css';
import './follow-ups.css';
import './manager.css';
import './groups.css';

/** One group's card: still due of placed this month, back already, and last month beside it. */
function GroupCard({ c, on, onPick }: { c: GroupCardView; on: boolean; onPick: () => void }) {
  return (
    <View className={`pg-card${on ? ' pg-card-on' : ''}`} id={`group-${c.group}`} onClick={onPick}>
      <Text className="pg-card-label">{c.label}</Text>
      <Text className="pg-card-due">{c.stillDue}</Text>
      <Text className="pg-card-sub">
        待跟进 · 共 {c.placed} 人{c.returned ? `，已回院 ${c.returned}` : ''}
      </Text>
      <Text className="pg-card-prev">
        {c.previous ? `上月 ${c.previous.placed} 人，余 ${c.previous.stillDue}` : '上月未分组'}
      </Text>
    </View>
  );
}

function Groups({ user }: { user: MeView }) {
  const manager = hasRole(user, MANAGERS);
  const [month, setMonth] = useState(thisMonth());
  const [picked, setPicked] = useState<GroupKey | undefined>();
  const [running, setRunning] = useState(false);
  const board = useLoad(() => listGroups(month), [month]);
  const settings = useLoad(() => (manager ? groupSettings() : Promise.resolve(undefined)), [manager]);
  const run = async () => {
    setRunning(true);
    try {
      const r = await runGrouping();
      notice('本月分组已生成', `读取 ${r.read} 位患者的就诊摘要，分入 ${r.placed} 人次。`);
      await board.reload();
    } catch (e) {
      notice('未能生成分组', messageOf(e));
    } finally {
      setRunning(false);
    }
  };
  return (
    <View className="page" id="patient-groups">
      <Text className="title">患者分组</Text>
      <MonthPicker
        month={month}
        onChange={(m) => {
          setMonth(m);
          setPicked(undefined);
        }}
      />
      <Loaded state={board} id="groups-error">
        {(b) => (
          <View>
            {b.groupedAt ? (
              <Text className="muted pg-meta" id="grouped-at">
                {clinicDate(new Date(b.groupedAt))} 按就诊记录生成；患者回院后自动从“待跟进”移出。
              </Text>
            ) : (
              <Banner id="not-grouped" kind="info" text={`${month} 的分组尚未生成（每月 1 日凌晨自动生成）。`}>
                {manager && month === thisMonth() ? (
                  <Button
                    id="run-grouping"
                    className="btn btn-small"
                    disabled={running || undefined}
                    onClick={() => void run()}
                  >
                    {running ? '正在生成…' : '立即生成本月分组'}
                  </Button>
                ) : null}
              </Banner>
            )}
            <View className="pg-cards" id="group-cards">
              {b.items.map((c) => (
                <GroupCard key={c.group} c={c} on={picked === c.group} onPick={() => setPicked(c.group)} />
              ))}
            </View>
            {picked ? (
              <GroupMembers
                card={b.items.find((c) => c.group === picked)!}
                month={month}
                onChanged={() => void board.reload()}
              />
            ) : (
              <Text className="muted pg-meta">点选一个分组，查看患者名单、原因和应诊日期。</Text>
            )}
          </View>
        )}
      </Loaded>
      {manager && settings.data ? (
        <GroupSettingsEditor initial={settings.data} onSaved={() => void settings.reload()} />
      ) : null}
    </View>
  );
}

export default function GroupsPage() {
  return (
    <StaffGate
      only={{
        roles: GROUP_WORKERS,
        title: '患者分组',
        id: 'groups-not-allowed',
        text: '患者分组需要客服或管理者角色。',
      }}
    >
      {(user) => <Groups user={user} />}
    </StaffGate>
  );
}
