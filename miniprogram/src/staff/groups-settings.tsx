import { type GroupSettingsView, groupSettings as settingsSchema } from '@shared/schemas/patient-groups';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Banner } from '../components/Banner';
import FormField from '../components/FormField';
import { useZodForm } from '../hooks/use-zod-form';
import { saveGroupSettings } from '../services/patient-groups';

type Form = Record<
  | 'orthodonticWeeks'
  | 'prostheticMonths'
  | 'implantMonths'
  | 'periodontalMonths'
  | 'cleaningMonths'
  | 'lapsedMonths'
  | 'highValueYuan',
  string
>;

const fields: { key: keyof Form; label: string; hint?: string }[] = [
  { key: 'orthodonticWeeks', label: '正畸复诊间隔（周）', hint: '超过即列入“正畸复诊逾期”' },
  { key: 'prostheticMonths', label: '修复复查间隔（月）' },
  { key: 'implantMonths', label: '种植复查（术后第几个月）', hint: '用逗号分隔，如 1,3,6,12' },
  { key: 'periodontalMonths', label: '牙周维护间隔（月）' },
  { key: 'cleaningMonths', label: '洁牙间隔（月）' },
  { key: 'lapsedMonths', label: '流失判定（月未到院）' },
  { key: 'highValueYuan', label: '高价值门槛（累计消费，元）' },
];

const formOf = (s: GroupSettingsView): Form => ({
  orthodonticWeeks: String(s.orthodonticWeeks),
  prostheticMonths: String(s.prostheticMonths),
  implantMonths: s.implantMonths.join(','),
  periodontalMonths: String(s.periodontalMonths),
  cleaningMonths: String(s.cleaningMonths),
  lapsedMonths: String(s.lapsedMonths),
  highValueYuan: String(s.highValueFen / 100),
});

const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
const toInput = ({ highValueYuan, implantMonths, ...rest }: Form) => ({
  ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, num(v)])),
  implantMonths: implantMonths
    .split(/[,，、\s]+/)
    .filter(Boolean)
    .map(Number),
  highValueFen: Math.round(num(highValueYuan) * 100),
});

/** The clinic's intervals (managers): they apply from the next month's groups. */
export function GroupSettingsEditor({ initial, onSaved }: { initial: GroupSettingsView; onSaved: () => void }) {
  const form = useZodForm({ schema: settingsSchema, initial: formOf(initial), toInput });
  const save = () =>
    form.submit(async (data) => {
      await saveGroupSettings(data);
      Taro.showToast({ title: '已保存', icon: 'success' });
      onSaved();
    });
  return (
    <View className="card" id="group-settings">
      <Text className="card-title">分组设置</Text>
      <Text className="muted pg-meta">修改从下次生成分组起生效；已生成的月份保持不变。</Text>
      <Banner id="settings-error" text={form.banner} />
      {fields.map((f) => {
        const bound = form.field(f.key);
        const error = f.key === 'highValueYuan' ? form.errors.highValueFen : (form.errors[f.key] ?? bound.error);
        return (
          <FormField
            key={f.key}
            label={f.label}
            hint={f.hint}
            type={f.key === 'implantMonths' ? 'text' : 'digit'}
            {...bound}
            error={error}
          />
        );
      })}
      <Button
        id="save-settings"
        className="btn btn-primary"
        disabled={form.sending || undefined}
        onClick={() => void save()}
      >
        {form.sending ? '正在保存…' : '保存设置'}
      </Button>
    </View>
  );
}
