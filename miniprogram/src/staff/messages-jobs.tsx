import { clinicDate, clinicTime } from '@shared/dates';
import type { JobView } from '@shared/schemas/messages';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { pauseJob } from '../services/message-centre';
import { showError } from '../services/request';
import { confirmDanger } from '../utils/dialogs';
import { monthDay } from './stats-ui';

/** 2026-12-05T10:00:00.000Z -> 12月5日 18:00 (clinic time). */
function when(at: string): string {
  return `${monthDay(clinicDate(new Date(at)))} ${clinicTime(at)}`;
}

function lastRun(j: JobView): string {
  if (!j.lastRun) return '尚未运行';
  const c = j.lastRun.counts;
  const figures = [
    c.planned !== undefined ? `计划 ${c.planned} 条` : '',
    c.sent !== undefined ? `发送 ${c.sent} 条` : '',
    c.disabled ? `${c.disabled} 项因门诊停用未发` : '',
  ].filter(Boolean);
  return `上次运行 ${when(j.lastRun.at)}${figures.length ? `：${figures.join('，')}` : ''}`;
}

/** The group's jobs; managers hold the emergency brake (暂停 / 恢复), others only read. */
export function Jobs({
  items,
  canPause,
  onChange,
}: {
  items: JobView[];
  canPause: boolean;
  onChange: (j: JobView) => void;
}) {
  const [busy, setBusy] = useState('');
  const toggle = async (j: JobView) => {
    if (!j.paused) {
      const ok = await confirmDanger({
        title: `暂停「${j.title}」？`,
        content: '暂停对全部门诊生效，恢复前不会执行。',
        confirmText: '暂停',
        cancelText: '取消',
      });
      if (!ok) return;
    }
    setBusy(j.name);
    try {
      onChange(await pauseJob(j.name, !j.paused));
    } catch (e) {
      showError(e);
    } finally {
      setBusy('');
    }
  };
  return (
    <View id="jobs">
      {items.map((j) => (
        <View key={j.name} className={`card mc-job${j.paused ? ' mc-job-paused' : ''}`} id={`job-${j.name}`}>
          <View className="row-between">
            <Text className="card-title">
              {j.title}
              <Text className="mc-job-when">{j.when}</Text>
            </Text>
            {j.paused ? <Text className="mc-tag-paused">已暂停</Text> : <Text className="mc-tag-on">运行中</Text>}
          </View>
          <Text className="muted mc-line">{j.what}</Text>
          <Text className="muted mc-line">{lastRun(j)}</Text>
          {j.paused && j.pausedAt ? (
            <Text className="muted mc-line">
              {when(j.pausedAt)} 由 {j.pausedByName ?? j.pausedBy} 暂停
            </Text>
          ) : null}
          {canPause ? (
            <Button
              id={`job-${j.name}-toggle`}
              className={`btn${j.paused ? ' btn-primary' : ''}`}
              disabled={busy === j.name || undefined}
              onClick={() => void toggle(j)}
            >
              {j.paused ? '恢复' : '暂停'}
            </Button>
          ) : null}
        </View>
      ))}
    </View>
  );
}
