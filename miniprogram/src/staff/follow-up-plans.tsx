import { type Role, roleLabels } from '@shared/roles';
import { type Category, categoryLabels } from '@shared/schemas/common';
import {
  defaultPlanRows,
  type FollowUpKind,
  type FollowUpPlanView,
  followUpKinds,
  followUpRoles,
} from '@shared/schemas/follow-ups';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import { Loaded } from '../components/Loaded';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { followUpPlans, saveFollowUpPlan } from '../services/follow-up-plans';
import { ApiError, messageOf } from '../services/request';
import { type DraftRow, draftsOf, issuesByRow, rowsToSend } from './plan-form';
import { FOLLOW_UP_WORKERS, hasRole, MANAGERS } from './roles';
import './staff.css';
import './follow-up-plans.css';

/** The kinds as a manager says them. */
const kindShort: Record<FollowUpKind, string> = { call: '电话', survey: '满意度', message: '提醒' };
const kindOptions = followUpKinds.map((k) => ({ value: k, label: kindShort[k] }));
const roleOptions = followUpRoles.map((r) => ({ value: r, label: roleLabels[r as Role] }));
const MAX_ROWS = 10;

/** A row as read only: 第 1 天 · 电话 · 客服. */
const rowText = (r: DraftRow) => `第 ${r.days} 天 · ${kindShort[r.kind]} · ${roleLabels[r.role as Role] ?? r.role}`;

function RowEditor(p: {
  i: number;
  row: DraftRow;
  issue?: string;
  onChange: (r: DraftRow) => void;
  onRemove: () => void;
}) {
  const { i, row } = p;
  return (
    <View className={`plan-row${p.issue ? ' plan-row-error' : ''}`} id={`plan-row-${i}`}>
      <View className="row-between">
        <View className="plan-days">
          <Text>就诊后第</Text>
          <Input
            id={`plan-days-${i}`}
            className={`input plan-days-input${p.issue ? ' input-error' : ''}`}
            type="number"
            value={row.days}
            maxlength={4}
            onInput={(e) => p.onChange({ ...row, days: e.detail.value })}
          />
          <Text>天</Text>
        </View>
        <Text className="link plan-remove" id={`plan-remove-${i}`} onClick={p.onRemove}>
          删除
        </Text>
      </View>
      <Chips
        idPrefix={`plan-kind-${i}`}
        options={kindOptions}
        selected={row.kind}
        onToggle={(v) => p.onChange({ ...row, kind: v as FollowUpKind })}
      />
      <Chips
        idPrefix={`plan-role-${i}`}
        options={roleOptions}
        selected={row.role}
        onToggle={(v) => p.onChange({ ...row, role: v as DraftRow['role'] })}
      />
      {p.issue ? (
        <Text className="error-text" id={`plan-error-${i}`}>
          {p.issue}
        </Text>
      ) : null}
    </View>
  );
}

/** One category's rows: edited by a manager, read by the others. */
function PlanEditor({
  plan,
  canEdit,
  onSaved,
}: {
  plan: FollowUpPlanView;
  canEdit: boolean;
  onSaved: (p: FollowUpPlanView) => void;
}) {
  const [rows, setRows] = useState<DraftRow[]>(() => draftsOf(plan.rows));
  const [issues, setIssues] = useState<{ rows: Record<number, string>; plan: string }>({ rows: {}, plan: '' });
  const [note, setNote] = useState<{ ok: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const change = (next: DraftRow[]) => {
    setRows(next);
    setNote(undefined);
  };
  const save = async () => {
    setBusy(true);
    try {
      const saved = await saveFollowUpPlan(plan.category, rowsToSend(rows) as FollowUpPlanView['rows']);
      onSaved(saved);
      setRows(draftsOf(saved.rows));
      setIssues({ rows: {}, plan: '' });
      setNote({ ok: true, text: '已保存，之后记录的就诊按新计划安排回访' });
    } catch (e) {
      setIssues(issuesByRow(e instanceof ApiError ? e.fields : []));
      setNote({ ok: false, text: messageOf(e, '保存失败，请稍后重试') });
    } finally {
      setBusy(false);
    }
  };
  const restore = () => {
    change(draftsOf(defaultPlanRows(plan.category)));
    setIssues({ rows: {}, plan: '' });
    setNote({ ok: true, text: '已填入默认计划，点“保存计划”后生效' });
  };
  return (
    <View className="card" id={`plan-${plan.category}`}>
      <Text className="muted">{plan.isDefault ? '默认计划（本院尚未修改）' : '本院已修改'}</Text>
      {rows.length === 0 ? (
        <Text className="muted plan-empty" id="plan-empty">
          此类就诊不安排回访
        </Text>
      ) : null}
      {canEdit
        ? rows.map((r, i) => (
            <RowEditor
              // Rows have no id of their own: the position is the row.
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place by position
              key={i}
              i={i}
              row={r}
              issue={issues.rows[i]}
              onChange={(next) => change(rows.map((x, j) => (j === i ? next : x)))}
              onRemove={() => change(rows.filter((_, j) => j !== i))}
            />
          ))
        : rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in plan order
            <Text key={i} className="plan-row plan-row-read" id={`plan-row-${i}`}>
              {rowText(r)}
            </Text>
          ))}
      {canEdit ? (
        <View>
          {issues.plan ? <Banner id="plan-issues" text={issues.plan} /> : null}
          {note ? <Banner id="plan-note" kind={note.ok ? 'info' : 'error'} text={note.text} /> : null}
          <View className="plan-actions">
            <Button
              id="plan-add"
              className="btn btn-small"
              disabled={rows.length >= MAX_ROWS || undefined}
              onClick={() => change([...rows, { days: '1', kind: 'call', role: 'service' }])}
            >
              + 添加一条
            </Button>
            <Button id="plan-restore" className="btn btn-small" onClick={restore}>
              恢复默认
            </Button>
          </View>
          <Button id="plan-save" className="btn btn-primary" disabled={busy || undefined} onClick={() => void save()}>
            {busy ? '正在保存…' : '保存计划'}
          </Button>
        </View>
      ) : null}
    </View>
  );
}

function Plans({ canEdit }: { canEdit: boolean }) {
  const state = useLoad(() => followUpPlans(), [], false);
  const [category, setCategory] = useState<Category>('implant');
  return (
    <View className="page" id="follow-up-plans">
      <Text className="title">回访计划</Text>
      <Text className="muted">每类就诊之后：第几天、做什么（电话回访 / 满意度调查 / 提醒消息）、由谁负责。</Text>
      {canEdit ? null : <Banner id="plans-read-only" kind="info" text="修改回访计划需要管理者角色，您可以查看。" />}
      <Loaded state={state} id="plans-error">
        {(all) => {
          const plan = all.items.find((p) => p.category === category);
          return (
            <View>
              <Text className="label">就诊类别</Text>
              <Chips
                idPrefix="plan-category"
                options={all.items.map((p) => ({ value: p.category, label: categoryLabels[p.category] }))}
                selected={category}
                onToggle={(v) => setCategory(v as Category)}
              />
              {plan ? (
                <PlanEditor
                  key={plan.category}
                  plan={plan}
                  canEdit={canEdit}
                  onSaved={(s) => state.setData({ items: all.items.map((p) => (p.category === s.category ? s : p)) })}
                />
              ) : null}
            </View>
          );
        }}
      </Loaded>
    </View>
  );
}

/** 回访计划: per visit category, the follow-ups a visit brings. Managers edit; service staff read. */
export default function FollowUpPlansPage() {
  return (
    <StaffGate
      only={{
        roles: FOLLOW_UP_WORKERS,
        title: '回访计划',
        id: 'plans-not-allowed',
        text: '查看回访计划需要客服或管理者角色。',
      }}
    >
      {(user) => <Plans canEdit={hasRole(user, MANAGERS)} />}
    </StaffGate>
  );
}
