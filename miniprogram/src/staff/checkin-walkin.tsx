import { phoneNumber } from '@shared/schemas/common';
import type { PatientSearchItem } from '@shared/schemas/patient';
import type { TicketView } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import * as z from 'zod';
import { Banner } from '../components/Banner';
import FormField from '../components/FormField';
import { useZodForm } from '../hooks/use-zod-form';
import { walkIn } from '../services/queue';
import { messageOf } from '../services/request';
import { searchPatientsByPhone } from '../services/visits';
import { FoundCard, idOf, nameOf } from './checkin-found';

const phoneSearch = z.object({ phone: phoneNumber });

interface Props {
  deptId: string;
  deptName: string;
  onIssued: (t: TicketView) => Promise<void>;
}

/** A patient without an appointment: find their record by phone and give them a number. */
export function WalkIn({ deptId, deptName, onIssued }: Props) {
  const form = useZodForm({ schema: phoneSearch, initial: { phone: '' } });
  const [found, setFound] = useState<PatientSearchItem[] | undefined>();
  const [chosen, setChosen] = useState('');
  const [issuing, setIssuing] = useState(false);

  const search = () =>
    form.submit(async ({ phone }) => {
      const r = await searchPatientsByPhone(phone);
      setFound(r.items);
      setChosen(r.items[0] ? idOf(r.items[0]) : '');
    });

  const issue = async () => {
    if (issuing || !chosen || !deptId) return;
    setIssuing(true);
    form.setBanner('');
    try {
      await onIssued(await walkIn(deptId, chosen));
      setFound(undefined);
      form.reset();
    } catch (e) {
      form.setBanner(messageOf(e));
    } finally {
      setIssuing(false);
    }
  };

  const picked = found?.find((p) => idOf(p) === chosen);
  const who = picked ? nameOf(picked) : '';
  return (
    <View className="card">
      <Banner id="walkin-error" text={form.banner} />
      <FormField {...form.field('phone')} id="walkin-search" label="患者手机号" type="phone" />
      <Button
        id="walkin-search-submit"
        className="btn"
        disabled={form.sending || undefined}
        onClick={() => void search()}
      >
        {form.sending ? '正在查询…' : '查询'}
      </Button>
      {found && found.length === 0 ? (
        <View id="walkin-none">
          <Text className="banner-line">没有找到这个手机号的档案，请先建档。</Text>
          <Text className="link" onClick={() => Taro.navigateTo({ url: '/staff/lead' })}>
            去建档 ›
          </Text>
        </View>
      ) : null}
      {found?.map((p) => (
        <FoundCard key={idOf(p)} p={p} chosen={idOf(p) === chosen} onPick={() => setChosen(idOf(p))} />
      ))}
      {found && found.length > 0 ? (
        <Button
          id="walkin-issue"
          className="btn btn-primary"
          disabled={issuing || !chosen || !deptId || undefined}
          onClick={() => void issue()}
        >
          {issuing ? '正在挂号…' : `为${who}挂号（${deptName}）`}
        </Button>
      ) : null}
    </View>
  );
}
