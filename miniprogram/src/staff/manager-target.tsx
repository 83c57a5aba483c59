import { type StaffRankRow, targetInput } from '@shared/schemas/campaigns';
import { Button, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import * as z from 'zod';
import { Banner } from '../components/Banner';
import FormField from '../components/FormField';
import { useZodForm } from '../hooks/use-zod-form';
import { setTarget } from '../services/stats';
import { Sheet } from './stats-ui';

/** What the sheet's two boxes must hold (within the API's limits), turned into its target (yuan to fen). */
const targetForm = z
  .object({
    revenueYuan: z
      .string()
      .trim()
      .regex(/^\d+(\.\d{1,2})?$/, '请输入营收目标（元），如 200000')
      .refine((v) => Number(v) <= 100_000_000, '营收目标不超过 1 亿元'),
    arrivals: z
      .string()
      .trim()
      .regex(/^\d+$/, '请输入到院目标（人数，整数），如 60')
      .refine((v) => Number(v) <= 100_000, '到院目标不超过 100000 人'),
  })
  .transform((f) => ({ revenueFen: Math.round(Number(f.revenueYuan) * 100), arrivals: Number(f.arrivals) }))
  .pipe(targetInput);

interface TargetValues {
  revenueYuan: string;
  arrivals: string;
}

/** A marketer's monthly target: revenue in yuan and arrivals, saved for the month on screen. */
export function TargetSheet(p: { row: StaffRankRow; month: string; onClose: () => void; onSaved: () => void }) {
  const t = p.row.target;
  const form = useZodForm<TargetValues, z.infer<typeof targetInput>>({
    schema: targetForm,
    initial: { revenueYuan: t ? String(t.revenueFen / 100) : '', arrivals: t ? String(t.arrivals) : '' },
  });
  const save = () =>
    void form.submit(async (target) => {
      await setTarget(p.row.staffId, p.month, target);
      Taro.showToast({ title: '目标已保存', icon: 'success' });
      p.onSaved();
    });
  // The API names the fen field; the box holds yuan.
  const revenueError = form.errors.revenueYuan ?? form.errors.revenueFen;
  return (
    <Sheet
      id="target-sheet"
      title={`设目标：${p.row.name}（${p.month}）`}
      onClose={p.onClose}
      footer={
        <View className="btn-row">
          <Button id="target-cancel" className="btn" onClick={p.onClose}>
            取消
          </Button>
          <Button id="target-save" className="btn btn-primary" disabled={form.sending || undefined} onClick={save}>
            {form.sending ? '正在保存…' : '保存目标'}
          </Button>
        </View>
      }
    >
      <View className="mk-sheet-form">
        <Banner id="target-error" text={form.banner} />
        <FormField
          {...form.field('revenueYuan')}
          id="target-revenue"
          error={revenueError}
          label="营收目标（元）"
          type="digit"
          placeholder="如 200000"
          maxlength={12}
        />
        <FormField
          {...form.field('arrivals')}
          id="target-arrivals"
          label="到院目标（人）"
          type="number"
          placeholder="如 60"
          maxlength={6}
        />
      </View>
    </Sheet>
  );
}
