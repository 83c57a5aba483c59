import { clinicDate } from '@shared/dates';
import type { MeView } from '@shared/schemas/auth';
import { type Category, categories, categoryLabels } from '@shared/schemas/common';
import { formatFen, type VisitView } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import DateField from '../components/DateField';
import FormField from '../components/FormField';
import { Loaded } from '../components/Loaded';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { useZodForm } from '../hooks/use-zod-form';
import { listDoctors } from '../services/booking';
import { getTicket } from '../services/queue';
import { timelineUrl } from '../services/timeline';
import { completeVisit, patientVisits } from '../services/visits';
import { addDays } from '../utils/days';
import ChoiceField from './ChoiceField';
import { hasRole, VISIT_ROLES } from './roles';
import { type VisitForm, visitInput, visitSchema, yuanToFen } from './visit-form';
import { VisitHistory, VisitSaved } from './visit-parts';
import './staff.css';

const param = (v: string | undefined) => (v ? decodeURIComponent(v) : '');

function VisitEntry({ user }: { user: MeView }) {
  const params = useRouter().params;
  const ticketId = param(params.ticketId);
  const today = clinicDate(new Date());
  const allowed = hasRole(user, VISIT_ROLES);
  const info = useLoad(
    async () => {
      // The ticket names the patient and the clinic; the link's own words stand in if it cannot be read.
      const ticket = ticketId ? await getTicket(ticketId).catch(() => undefined) : undefined;
      const clinicId = ticket?.clinicId || user.clinicId || '';
      const patientId = ticket?.patientId || param(params.patientId);
      const [doctors, history] = await Promise.all([
        clinicId ? listDoctors(clinicId).then((r) => r.items) : Promise.resolve([]),
        patientId
          ? patientVisits(patientId)
              .then((r) => r.items)
              .catch(() => [] as VisitView[])
          : Promise.resolve([] as VisitView[]),
      ]);
      return { ticket, doctors, history };
    },
    [ticketId, user.clinicId],
    false,
  );
  const form = useZodForm({
    schema: visitSchema(today),
    initial: {
      category: '',
      charge: '',
      doctorId: user.roles.includes('doctor') ? (user.staffId ?? '') : '',
      nextRevisitDate: '',
      notes: '',
    } as VisitForm,
    toInput: (f) => visitInput(ticketId, f),
  });
  const [saved, setSaved] = useState<VisitView | undefined>();

  // A clinic with one doctor needs no choice.
  const onlyDoctor = info.data?.doctors.length === 1 ? info.data.doctors[0]?.id : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a newly known single doctor fills the choice
  useEffect(() => {
    if (onlyDoctor && !form.values.doctorId) form.set('doctorId', onlyDoctor);
  }, [onlyDoctor]);

  const t = info.data?.ticket;
  const patientOf = t?.patientId || param(params.patientId);
  const who = `${t?.displayNumber ?? param(params.number)} ${t?.patientName ?? param(params.name)}`.trim();

  const save = () =>
    form.submit(
      async (input) => {
        setSaved(await completeVisit(input));
        Taro.showToast({ title: '已保存', icon: 'success' });
      },
      {
        onRefused: (e) => {
          if (e.code !== 'VISIT_EXISTS') return false;
          form.setBanner('这个排队号已经登记过就诊信息，无需重复提交。');
          return true;
        },
      },
    );

  if (saved) return <VisitSaved saved={saved} who={who} />;

  const fen = form.values.charge ? yuanToFen(form.values.charge) : Number.NaN;
  return (
    <View className="page" id="visit-form">
      <Text className="title">完成就诊</Text>
      <Text className="subtitle">{who ? `患者：${who}` : '请从叫号台的“接诊”进入'}</Text>
      {!allowed ? <Banner kind="warn" text="登记就诊需要医生或前台角色。" /> : null}
      {!ticketId ? <Banner kind="warn" text="缺少排队号：请回到叫号台，点患者旁的“接诊”进入。" /> : null}
      <Loaded state={info} id="visit-load-error">
        {(data) => (
          <View>
            <VisitHistory
              history={data.history}
              timeline={patientOf ? timelineUrl(patientOf, t?.patientName ?? param(params.name)) : undefined}
            />
            <ChoiceField name="category" label="治疗项目" error={form.errors.category}>
              <Chips
                idPrefix="category"
                options={categories.map((c) => ({ value: c, label: categoryLabels[c] }))}
                selected={form.values.category}
                onToggle={(v) => form.set('category', v as Category)}
              />
            </ChoiceField>

            <FormField
              {...form.field('charge')}
              error={form.errors.chargeFen}
              label="收费金额（元）"
              type="digit"
              placeholder="如 1280.50，免费填 0"
              maxlength={14}
            >
              {Number.isNaN(fen) ? null : <Text className="muted">将记为 {formatFen(fen)}</Text>}
            </FormField>

            <ChoiceField name="doctorId" label="接诊医生" error={form.errors.doctorId}>
              {data.doctors.length === 0 ? <Text className="muted">本院还没有医生账号，请联系管理员。</Text> : null}
              <Chips
                idPrefix="doctor"
                options={data.doctors.map((d) => ({
                  value: d.id,
                  label: d.id === user.staffId ? `${d.name}（我）` : d.name,
                }))}
                selected={form.values.doctorId}
                onToggle={(v) => form.set('doctorId', v)}
              />
            </ChoiceField>

            <DateField
              {...form.field('nextRevisitDate')}
              label="下次复诊日期"
              hint="选填"
              placeholder={`如 ${addDays(today, 30)}`}
              start={addDays(today, 1)}
              end={addDays(today, 730)}
            />

            <FormField
              {...form.field('notes')}
              label="备注"
              hint="选填"
              multiline
              maxlength={1000}
              placeholder="治疗情况、注意事项"
            />

            {/* Beside the button that was tapped: a message at the top of a long form goes unseen. */}
            <Banner id="form-error" text={form.banner} />
            <Button
              id="visit-submit"
              className="btn btn-primary"
              disabled={form.sending || !allowed || !ticketId || undefined}
              onClick={() => void save()}
            >
              {form.sending ? '正在保存…' : '保存并完成就诊'}
            </Button>
          </View>
        )}
      </Loaded>
    </View>
  );
}

export default function VisitPage() {
  return <StaffGate>{(user) => <VisitEntry user={user} />}</StaffGate>;
}
