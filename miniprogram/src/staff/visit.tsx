import { clinicDate } from '@shared/dates';
import type { MeView } from '@shared/schemas/auth';
import { type Category, categories, categoryLabels } from '@shared/schemas/common';
import {
  completeVisitInput,
  type DoctorView,
  formatFen,
  type TicketView,
  type VisitView,
} from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import DateField from '../components/DateField';
import FormField from '../components/FormField';
import StaffGate from '../components/StaffGate';
import { listDoctors } from '../services/booking';
import { getTicket } from '../services/queue';
import { ApiError, showError } from '../services/request';
import { completeVisit, patientVisits } from '../services/visits';
import { addDays } from '../utils/days';
import { errorsByPath, errorsFromApi, type FieldErrors, optionalText } from '../utils/form';
import { hasRole, VISIT_ROLES } from './roles';
import './staff.css';

interface VisitForm {
  category: Category | '';
  charge: string;
  doctorId: string;
  nextRevisitDate: string;
  notes: string;
}

/** "1,280.50" or "¥1280.5" -> 128050 fen; NaN when it is not an amount of yuan. */
function yuanToFen(s: string): number {
  const t = s.replace(/[,，¥￥\s]/g, '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(t)) return Number.NaN;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

// The schema's own messages for enums and ids are generic: say what to do instead.
const friendly: Record<string, string> = {
  category: '请选择治疗项目',
  doctorId: '请选择接诊医生',
  ticketId: '缺少排队号，请从叫号台进入',
};

function VisitEntry({ user }: { user: MeView }) {
  const params = useRouter().params;
  const ticketId = decodeURIComponent(params.ticketId ?? '');
  const patientId = decodeURIComponent(params.patientId ?? '');
  const [ticket, setTicket] = useState<Partial<TicketView>>({
    displayNumber: params.number ? decodeURIComponent(params.number) : undefined,
    patientName: params.name ? decodeURIComponent(params.name) : undefined,
    patientId,
  });
  const [doctors, setDoctors] = useState<DoctorView[] | undefined>();
  const [history, setHistory] = useState<VisitView[] | undefined>();
  const [form, setForm] = useState<VisitForm>({
    category: '',
    charge: '',
    doctorId: user.roles.includes('doctor') ? (user.staffId ?? '') : '',
    nextRevisitDate: '',
    notes: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [tried, setTried] = useState(false);
  const [banner, setBanner] = useState('');
  const [sending, setSending] = useState(false);
  const [saved, setSaved] = useState<VisitView | undefined>();
  const today = clinicDate(new Date());
  const allowed = hasRole(user, VISIT_ROLES);

  useEffect(() => {
    if (ticketId)
      getTicket(ticketId)
        .then((t) => setTicket(t))
        .catch(() => undefined);
    if (user.clinicId)
      listDoctors(user.clinicId)
        .then((r) => {
          setDoctors(r.items);
          if (r.items.length === 1 && r.items[0])
            setForm((f) => ({ ...f, doctorId: f.doctorId || (r.items[0]?.id ?? '') }));
        })
        .catch(() => setDoctors([]));
  }, [ticketId, user.clinicId]);

  const pid = ticket.patientId || patientId;
  useEffect(() => {
    if (!pid) return;
    patientVisits(pid)
      .then((r) => setHistory(r.items))
      .catch(() => setHistory(undefined));
  }, [pid]);

  const toInput = (f: VisitForm) => ({
    ticketId: ticketId || undefined,
    category: f.category || undefined,
    chargeFen: f.charge.trim() === '' ? Number.NaN : yuanToFen(f.charge),
    doctorId: f.doctorId,
    nextRevisitDate: optionalText(f.nextRevisitDate),
    notes: optionalText(f.notes),
  });

  const validate = (f: VisitForm): FieldErrors => {
    const input = toInput(f);
    const r = completeVisitInput.safeParse(input);
    const out = r.success ? {} : errorsByPath(r.error.issues);
    for (const k of Object.keys(friendly)) if (out[k]) out[k] = friendly[k] ?? out[k];
    if (out.chargeFen || Number.isNaN(input.chargeFen)) {
      delete out.chargeFen;
      out.charge = f.charge.trim() ? '请输入正确的金额（元），最多两位小数，如 1280.50' : '请输入收费金额，免费请填 0';
    }
    if (input.nextRevisitDate && !out.nextRevisitDate && input.nextRevisitDate <= today)
      out.nextRevisitDate = '复诊日期应在今天之后';
    return out;
  };

  const set = <K extends keyof VisitForm>(key: K, value: VisitForm[K]) => {
    setForm((prev) => {
      const next = { ...prev, [key]: value };
      if (tried) setErrors(validate(next));
      return next;
    });
  };

  const submit = async () => {
    if (sending) return;
    setTried(true);
    setBanner('');
    const errs = validate(form);
    setErrors(errs);
    if (Object.keys(errs).length) {
      setBanner(errs.ticketId ?? '请按提示修改标红的内容');
      return;
    }
    const parsed = completeVisitInput.safeParse(toInput(form));
    if (!parsed.success) return;
    setSending(true);
    try {
      setSaved(await completeVisit(parsed.data));
      Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VISIT_EXISTS') {
        setBanner('这个排队号已经登记过就诊信息，无需重复提交。');
      } else if (e instanceof ApiError && e.status === 400) {
        const fe = errorsFromApi(e.fields);
        if (fe.chargeFen) fe.charge = fe.chargeFen;
        setErrors(fe);
        setBanner(Object.keys(fe).length ? '请按提示修改标红的内容' : e.message);
      } else if (!(e instanceof ApiError && e.status === 401)) {
        showError(e);
        if (e instanceof ApiError) setBanner(e.message);
      }
    } finally {
      setSending(false);
    }
  };

  const who = `${ticket.displayNumber ?? ''} ${ticket.patientName ?? ''}`.trim();

  if (saved) {
    return (
      <View className="page" id="visit-saved">
        <View className="banner banner-info">
          <Text className="banner-title">✓ 就诊信息已保存</Text>
          <Text className="banner-line">{who}</Text>
        </View>
        <View className="card">
          <Text className="banner-line">项目：{categoryLabels[saved.category as Category] ?? saved.category}</Text>
          <Text className="banner-line">收费：{formatFen(saved.chargeFen)}</Text>
          {saved.doctorName ? <Text className="banner-line">医生：{saved.doctorName}</Text> : null}
          <Text className="banner-line">下次复诊：{saved.nextRevisitDate ?? '未约定'}</Text>
        </View>
        <Button
          id="visit-back"
          className="btn btn-primary"
          onClick={() => Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/staff/queue' }))}
        >
          返回叫号台
        </Button>
      </View>
    );
  }

  return (
    <View className="page" id="visit-form">
      <Text className="title">完成就诊</Text>
      <Text className="subtitle">{who ? `患者：${who}` : '请从叫号台的“接诊”进入'}</Text>
      {!allowed ? (
        <View className="banner banner-warn">
          <Text className="banner-line">登记就诊需要医生或前台角色。</Text>
        </View>
      ) : null}
      <Banner id="form-error" text={banner} />

      {history && history.length > 0 ? (
        <View className="card" id="visit-history">
          <Text className="card-title">以往就诊（{history.length} 次）</Text>
          {history.slice(0, 5).map((v) => (
            <Text className="history-line" key={v.id}>
              {v.date} {categoryLabels[v.category as Category] ?? v.category} {formatFen(v.chargeFen)}
              {v.doctorName ? ` ${v.doctorName}` : ''}
              {v.notes ? ` · ${v.notes}` : ''}
            </Text>
          ))}
        </View>
      ) : null}

      <View className="field">
        <Text className="label">治疗项目</Text>
        <Chips
          idPrefix="category"
          options={categories.map((c) => ({ value: c, label: categoryLabels[c] }))}
          selected={form.category}
          onToggle={(v) => set('category', v as Category)}
        />
        {errors.category ? (
          <Text className="error-text" id="error-category">
            {errors.category}
          </Text>
        ) : null}
      </View>

      <FormField
        id="field-charge"
        label="收费金额（元）"
        type="digit"
        value={form.charge}
        error={errors.charge}
        placeholder="如 1280.50，免费填 0"
        maxlength={14}
        onChange={(v) => set('charge', v)}
      >
        {form.charge && !Number.isNaN(yuanToFen(form.charge)) ? (
          <Text className="muted">将记为 {formatFen(yuanToFen(form.charge))}</Text>
        ) : null}
      </FormField>

      <View className="field">
        <Text className="label">接诊医生</Text>
        {doctors === undefined ? <Text className="muted">正在加载医生…</Text> : null}
        {doctors && doctors.length === 0 ? <Text className="muted">没有可选的医生</Text> : null}
        {doctors && doctors.length > 0 ? (
          <Chips
            idPrefix="doctor"
            options={doctors.map((d) => ({ value: d.id, label: d.id === user.staffId ? `${d.name}（我）` : d.name }))}
            selected={form.doctorId}
            onToggle={(v) => set('doctorId', v)}
          />
        ) : null}
        {errors.doctorId ? (
          <Text className="error-text" id="error-doctorId">
            {errors.doctorId}
          </Text>
        ) : null}
      </View>

      <DateField
        id="field-nextRevisitDate"
        label="下次复诊日期"
        hint="选填"
        placeholder={`如 ${addDays(today, 30)}`}
        start={addDays(today, 1)}
        end={addDays(today, 730)}
        value={form.nextRevisitDate}
        error={errors.nextRevisitDate}
        onChange={(v) => set('nextRevisitDate', v)}
      />

      <FormField
        id="field-notes"
        label="备注"
        hint="选填"
        multiline
        value={form.notes}
        error={errors.notes}
        maxlength={1000}
        placeholder="治疗情况、注意事项"
        onChange={(v) => set('notes', v)}
      />

      <Button
        id="visit-submit"
        className="btn btn-primary"
        disabled={sending || !allowed || undefined}
        onClick={() => void submit()}
      >
        {sending ? '正在保存…' : '保存并完成就诊'}
      </Button>
    </View>
  );
}

export default function VisitPage() {
  return <StaffGate>{(user) => <VisitEntry user={user} />}</StaffGate>;
}
