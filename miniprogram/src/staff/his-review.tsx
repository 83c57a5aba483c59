import { maskPhone } from '@shared/phone';
import { phoneNumber } from '@shared/schemas/common';
import type { HisEventView } from '@shared/schemas/his';
import type { PatientSearchItem, StaffPatientView } from '@shared/schemas/patient';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import * as z from 'zod';
import { Banner } from '../components/Banner';
import FormField from '../components/FormField';
import PickCard from '../components/PickCard';
import { useZodForm } from '../hooks/use-zod-form';
import { applyHisEvent } from '../services/his';
import { messageOf } from '../services/request';
import { searchPatientsByPhone } from '../services/visits';
import { isMinimal } from './checkin-found';

const phoneSearch = z.object({ phone: phoneNumber });

interface Props {
  e: HisEventView;
  /** The event as it is after a press, and what to tell the manager. */
  onDone: (e: HisEventView, note: string) => void;
}

/** 指定患者: find the record by phone, choose it, confirm; only records of this clinic can be chosen. */
function ChoosePatient({ e, onDone, onCancel }: Props & { onCancel: () => void }) {
  const form = useZodForm({ schema: phoneSearch, initial: { phone: '' } });
  const [found, setFound] = useState<StaffPatientView[] | undefined>();
  const [elsewhere, setElsewhere] = useState(0);
  const [chosen, setChosen] = useState<StaffPatientView | undefined>();
  const [busy, setBusy] = useState(false);
  const key = e.documentNo;

  const search = () =>
    form.submit(async ({ phone }) => {
      const r = await searchPatientsByPhone(phone);
      const readable = r.items.filter((p: PatientSearchItem): p is StaffPatientView => !isMinimal(p));
      setFound(readable);
      setElsewhere(r.items.length - readable.length);
      setChosen(readable.length === 1 ? readable[0] : undefined);
    });

  const confirm = async () => {
    if (!chosen || busy) return;
    setBusy(true);
    form.setBanner('');
    try {
      const now = await applyHisEvent(e.documentNo, chosen.id);
      onDone(now, now.patientId === chosen.id ? `已计入${chosen.name}的档案` : '该记录已由他人处理，结果如上');
    } catch (err) {
      form.setBanner(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="his-choose" id={`his-choose-${key}`}>
      <Banner id={`his-choose-error-${key}`} text={form.banner} />
      <FormField {...form.field('phone')} id={`his-search-${key}`} label="患者手机号" type="phone" />
      <View className="btn-row">
        <Button className="btn" onClick={onCancel}>
          取消
        </Button>
        <Button
          id={`his-search-submit-${key}`}
          className="btn btn-primary"
          disabled={form.sending || undefined}
          onClick={() => void search()}
        >
          {form.sending ? '正在查找…' : '查找'}
        </Button>
      </View>
      {found && found.length === 0 ? (
        <Text className="his-line" id={`his-none-${key}`}>
          {elsewhere ? '这个手机号的档案在其他门诊，不能计入本院。' : '没有找到这个手机号的档案，请先建档。'}
        </Text>
      ) : null}
      {found?.map((p) => (
        <PickCard
          key={p.id}
          id={`his-patient-${p.id}`}
          name={p.name}
          chosen={chosen?.id === p.id}
          onPick={() => setChosen(p)}
        >
          <Text className="muted">{p.phoneMasked ? p.phone : maskPhone(p.phone)}</Text>
        </PickCard>
      ))}
      {chosen ? (
        <Button
          id={`his-confirm-${key}`}
          className="btn btn-primary"
          disabled={busy || undefined}
          onClick={() => void confirm()}
        >
          {busy ? '正在入账…' : `确认计入${chosen.name}`}
        </Button>
      ) : null}
    </View>
  );
}

/** What a manager does with a held event: 重新匹配 (the patient may have registered since) or 指定患者. */
export function HeldActions({ e, onDone }: Props) {
  const [choosing, setChoosing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const key = e.documentNo;

  const rematch = async () => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const now = await applyHisEvent(e.documentNo);
      onDone(
        now,
        now.status === 'applied' ? '已找到患者档案并入账' : '仍未找到该患者：可点“指定患者”，按手机号查找后计入',
      );
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  if (choosing) return <ChoosePatient e={e} onDone={onDone} onCancel={() => setChoosing(false)} />;
  return (
    <View>
      <Banner id={`his-apply-error-${key}`} text={error} />
      <View className="btn-row his-actions">
        <Button id={`his-rematch-${key}`} className="btn" disabled={busy || undefined} onClick={() => void rematch()}>
          {busy ? '正在匹配…' : '重新匹配'}
        </Button>
        <Button id={`his-pick-${key}`} className="btn btn-primary" onClick={() => setChoosing(true)}>
          指定患者
        </Button>
      </View>
    </View>
  );
}
