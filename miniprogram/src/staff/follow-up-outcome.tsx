import { clinicDate } from '@shared/dates';
import { type Outcome, outcomeLabels, outcomes } from '@shared/schemas/follow-ups';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import Chips from '../components/Chips';
import DateField from '../components/DateField';
import FormField from '../components/FormField';
import { recordOutcome } from '../services/follow-ups';
import { showError } from '../services/request';
import { addDays } from '../utils/days';

/**
 * The outcome of one call: five big chips, a note, and for 未接通 an optional next date. A complaint
 * closes only with its resolution note (处理结果), asked for before anything is sent.
 */
export function OutcomeForm({
  taskId,
  complaint = false,
  onSaved,
}: {
  taskId: string;
  complaint?: boolean;
  onSaved: () => void;
}) {
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [note, setNote] = useState('');
  const [nextDate, setNextDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const today = clinicDate(new Date());
  const save = async () => {
    if (!outcome) {
      setError('请选择回访结果');
      return;
    }
    if (complaint && outcome !== 'no_answer' && !note.trim()) {
      setError('请填写处理结果：投诉是如何解决的');
      return;
    }
    setBusy(true);
    setError('');
    try {
      await recordOutcome(taskId, {
        outcome,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(outcome === 'no_answer' && nextDate ? { nextDate } : {}),
      });
      onSaved();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="fu-outcome">
      <Text className="label">回访结果</Text>
      <Chips
        idPrefix={`outcome-${taskId}`}
        options={outcomes.map((o) => ({ value: o, label: outcomeLabels[o] }))}
        selected={outcome}
        onToggle={(v) => setOutcome(v as Outcome)}
      />
      {error ? <Text className="error-text">{error}</Text> : null}
      <FormField
        id={`note-${taskId}`}
        label={complaint ? '处理结果（结案必填）' : '备注'}
        placeholder={complaint ? '如：已致电患者致歉，约定复诊时免费调整' : undefined}
        value={note}
        multiline
        maxlength={500}
        onChange={setNote}
      />
      {outcome === 'no_answer' ? (
        <DateField
          id={`next-${taskId}`}
          label="下次回访日期（可选）"
          value={nextDate}
          onChange={setNextDate}
          placeholder="如 2026-03-18"
          start={today}
          end={addDays(today, 90)}
        />
      ) : null}
      <Button
        id={`save-${taskId}`}
        className="btn btn-primary"
        disabled={busy || undefined}
        onClick={() => void save()}
      >
        {busy ? '正在保存…' : complaint && outcome && outcome !== 'no_answer' ? '结案' : '保存结果'}
      </Button>
    </View>
  );
}
