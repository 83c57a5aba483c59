import { hasRole, marketingTeam, type Role, roleLabels } from '@shared/roles';
import type { InviteView, StaffView } from '@shared/schemas/auth';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import { ApiError, messageOf } from '../services/request';
import { deactivateStaff, handOver, handOverPreview, newInvite } from '../services/staff';
import { confirmDanger } from '../utils/dialogs';
import { InviteCode } from './team-invite';

interface Props {
  s: StaffView;
  /** The clinic's staff: who can take over this member's patients. */
  all: StaffView[];
  /** The signed-in manager's own record is shown without actions on it. */
  self: boolean;
  onChanged: () => void;
}

/** Who may take over: active members of the marketing team (市场、管理者) of the same clinic. */
export const receiversFor = (s: StaffView, all: StaffView[]) =>
  all.filter((t) => t.id !== s.id && !t.deactivatedAt && t.clinicId === s.clinicId && hasRole(t, marketingTeam));

/** One member: name, roles, bound or not, 已停用; and 新邀请码, 停用, 移交患者 with their answers beside them. */
export function MemberCard({ s, all, self, onChanged }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const [invite, setInvite] = useState<InviteView | undefined>();
  const [picking, setPicking] = useState(false);
  const [to, setTo] = useState('');
  const receivers = receiversFor(s, all);
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await work();
    } catch (e) {
      setError(messageOf(e, '操作失败，请稍后重试'));
      // Someone else changed the member meanwhile (停用 elsewhere): show the list as it now is.
      if (e instanceof ApiError && e.status === 409) onChanged();
    } finally {
      setBusy(false);
    }
  };
  const invitation = () => act(async () => setInvite(await newInvite(s.id)));
  const deactivate = () =>
    act(async () => {
      const sure = await confirmDanger({
        title: `停用${s.name}？`,
        content: `停用后${s.name}立即无法登录员工端，未使用的邀请码作废，其微信只能以患者身份登录。名下患者和活动仍记在其名下，可随后移交给其他员工；已产生的业绩不变。`,
        confirmText: '停用',
        cancelText: '取消',
      });
      if (!sure) return;
      await deactivateStaff(s.id);
      setNote(`已停用${s.name}`);
      onChanged();
    });
  const hand = () =>
    act(async () => {
      const target = receivers.find((t) => t.id === to);
      if (!target) return;
      const p = await handOverPreview(s.id);
      const sure = await confirmDanger({
        title: `移交给${target.name}？`,
        content: `${s.name}名下 ${p.records} 位患者、${p.campaigns} 个活动将移交给${target.name}。已产生的业绩仍记在${s.name}名下；此后的预约、到诊和消费计入${target.name}。`,
        confirmText: '移交',
        cancelText: '取消',
      });
      if (!sure) return;
      const r = await handOver(s.id, target.id);
      setPicking(false);
      setNote(`已将 ${r.handedOver} 位患者、${r.campaigns} 个活动移交给${target.name}`);
    });
  return (
    <View className="card team-member" id={`member-${s.id}`}>
      <View className="row-between">
        <Text className="card-title">{s.name}</Text>
        <View>
          {s.deactivatedAt ? (
            <Text className="tag team-off">已停用</Text>
          ) : (
            <Text className="tag">{s.bound ? '已绑定' : '未绑定'}</Text>
          )}
        </View>
      </View>
      <Text className="muted">{s.roles.map((r) => roleLabels[r as Role] ?? r).join('、')}</Text>
      {self ? <Text className="muted">（本人）</Text> : null}
      {invite ? <InviteCode id={`invite-${s.id}`} invite={invite} name={s.name} /> : null}
      {note ? <Banner id={`member-note-${s.id}`} kind="info" text={note} /> : null}
      {error ? <Banner id={`member-error-${s.id}`} text={error} /> : null}
      {picking ? (
        <View className="team-pick" id={`handover-pick-${s.id}`}>
          <Text className="label">选择接收人（本院在职的市场专员或管理者）</Text>
          {receivers.length === 0 ? <Text className="muted">本院暂无可接收的员工，请先添加市场专员。</Text> : null}
          <Chips
            idPrefix={`handover-to-${s.id}`}
            options={receivers.map((t) => ({ value: t.id, label: t.name }))}
            selected={to}
            onToggle={setTo}
          />
          <Button
            className="btn btn-primary"
            id={`handover-go-${s.id}`}
            disabled={busy || !to || undefined}
            onClick={() => void hand()}
          >
            {busy ? '正在移交…' : '确认移交'}
          </Button>
        </View>
      ) : null}
      {self ? null : (
        <View className="btn-row team-actions">
          {!s.bound && !s.deactivatedAt ? (
            <Button
              className="btn"
              id={`invite-new-${s.id}`}
              disabled={busy || undefined}
              onClick={() => void invitation()}
            >
              新邀请码
            </Button>
          ) : null}
          <Button
            className="btn"
            id={`handover-${s.id}`}
            disabled={busy || undefined}
            onClick={() => setPicking(!picking)}
          >
            {picking ? '收起' : '移交患者'}
          </Button>
          {s.deactivatedAt ? null : (
            <Button
              className="btn btn-danger"
              id={`deactivate-${s.id}`}
              disabled={busy || undefined}
              onClick={() => void deactivate()}
            >
              停用
            </Button>
          )}
        </View>
      )}
    </View>
  );
}
