import type { ClinicView, DepartmentView } from '@shared/schemas/auth';
import type { AppointmentView, SlotView } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Banner } from '../../components/Banner';
import Chips from '../../components/Chips';
import { Loaded } from '../../components/Loaded';
import PickCard from '../../components/PickCard';
import { useLoad } from '../../hooks/use-load';
import { book, listClinics } from '../../services/booking';
import { listMyPatients } from '../../services/patients';
import { dayWord, monthDay, nextDays } from '../../utils/days';
import BookSuccess from './BookSuccess';
import { bookingMessage, slotsChanged } from './booking-messages';
import ConfirmSheet from './ConfirmSheet';
import Departments from './Departments';
import SlotList from './SlotList';

const DAYS = 14;

/**
 * The slots open below fourteen date tiles, off screen on a phone: bring them up. Measured, not by
 * selector: pageScrollTo's selector on H5 reads offsetTop, which is relative to the nearest
 * positioned element rather than the page.
 */
function showSlots(): void {
  Taro.nextTick(() => {
    Taro.createSelectorQuery()
      .select('#book-slots')
      .boundingClientRect()
      .selectViewport()
      .scrollOffset()
      .exec((res: Array<{ top?: number; scrollTop?: number } | null>) => {
        const [slots, viewport] = res;
        if (slots?.top === undefined || viewport?.scrollTop === undefined) return;
        const scrollTop = Math.max(0, viewport.scrollTop + slots.top - 8);
        void Taro.pageScrollTo({ scrollTop, duration: 300 }).catch(() => undefined);
      });
  });
}

/** Nobody to book for yet. */
const noPatient = {
  when: (d: { patients: unknown[] }) => d.patients.length === 0,
  text: '预约前请先添加就诊人（可以是您本人或家人）。',
  action: (
    <Button
      className="btn btn-primary"
      onClick={() => Taro.navigateTo({ url: '/pages/patient-form/index' })}
      id="book-add-patient"
    >
      添加就诊人
    </Button>
  ),
};

export default function Book() {
  const base = useLoad(async () => {
    const [p, c] = await Promise.all([listMyPatients(), listClinics()]);
    return { patients: p.items, clinics: c.items };
  });
  const [patientId, setPatientId] = useState('');
  const [clinicId, setClinicId] = useState('');
  const [dept, setDept] = useState<DepartmentView | undefined>();
  const [date, setDate] = useState('');
  const [picked, setPicked] = useState<SlotView | undefined>();
  const [sending, setSending] = useState(false);
  const [bookError, setBookError] = useState('');
  const [slotsVersion, setSlotsVersion] = useState(0);
  const [done, setDone] = useState<AppointmentView | undefined>();

  // One patient or one clinic: already chosen.
  useEffect(() => {
    const only = <T extends { id: string }>(xs: T[]) => (xs.length === 1 ? (xs[0]?.id ?? '') : '');
    if (!base.data) return;
    const { patients, clinics } = base.data;
    setPatientId((cur) => cur || only(patients));
    setClinicId((cur) => cur || only(clinics));
  }, [base.data]);

  const clinic: ClinicView | undefined = base.data?.clinics.find((c) => c.id === clinicId);
  const patient = base.data?.patients.find((p) => p.id === patientId);

  const pickClinic = (id: string) => {
    if (id === clinicId) return;
    setClinicId(id);
    setDept(undefined);
  };

  const pickDate = (d: string) => {
    setDate(d);
    showSlots();
  };

  const confirm = async () => {
    if (!picked || !patientId || sending) return;
    setSending(true);
    setBookError('');
    try {
      setDone(await book(patientId, picked.id));
      setPicked(undefined);
    } catch (e) {
      setBookError(bookingMessage(e));
      if (slotsChanged(e)) setSlotsVersion((v) => v + 1);
    } finally {
      setSending(false);
    }
  };

  if (done) return <BookSuccess done={done} clinic={clinic} />;

  return (
    <View className="page" id="book">
      <Text className="title">预约挂号</Text>
      <Loaded state={base} id="book-problem" empty={noPatient}>
        {({ patients, clinics }) => (
          <View>
            <Text className="section-title">1. 选择就诊人</Text>
            <Chips
              idPrefix="book-patient"
              options={patients.map((p) => ({ value: p.id, label: p.name }))}
              selected={patientId}
              onToggle={setPatientId}
            />

            <Text className="section-title">2. 选择医院</Text>
            {clinics.map((c) => (
              <PickCard
                key={c.id}
                id={`book-clinic-${c.id}`}
                name={c.name}
                chosen={c.id === clinicId}
                onPick={() => pickClinic(c.id)}
              >
                <Text className="muted">
                  {c.city} {c.address}
                </Text>
              </PickCard>
            ))}

            {clinicId ? (
              <Departments key={clinicId} clinicId={clinicId} selected={dept?.id ?? ''} onPick={setDept} />
            ) : null}

            {dept ? (
              <View>
                <Text className="section-title">4. 选择日期</Text>
                <View className="day-chips">
                  {nextDays(DAYS).map((d) => (
                    <View
                      key={d}
                      id={`book-date-${d}`}
                      className={`day-chip${d === date ? ' day-chip-on' : ''}`}
                      onClick={() => pickDate(d)}
                    >
                      <Text className="line-strong">{dayWord(d)}</Text>
                      <Text className="day-date">{monthDay(d)}</Text>
                    </View>
                  ))}
                </View>
              </View>
            ) : null}

            {dept && date ? (
              <SlotList
                key={`${dept.id}|${date}`}
                departmentId={dept.id}
                date={date}
                version={slotsVersion}
                onPick={(s) => {
                  setBookError('');
                  setPicked(s);
                }}
              >
                {patientId ? null : (
                  <Banner kind="warn" id="book-pick-patient" text="请先在上方“1. 选择就诊人”中选好就诊人。" />
                )}
              </SlotList>
            ) : null}
          </View>
        )}
      </Loaded>

      {picked ? (
        <ConfirmSheet
          slot={picked}
          patientName={patient?.name}
          place={`${clinic?.name ?? ''} ${dept?.name ?? ''}`.trim()}
          error={bookError}
          sending={sending}
          onBack={() => setPicked(undefined)}
          onConfirm={() => void confirm()}
        />
      ) : null}
    </View>
  );
}
