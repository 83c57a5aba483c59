import { clinicDate, isRealDate, normalizeDateInput } from '@shared/dates';
import { Input, Picker, View } from '@tarojs/components';
import { type FieldBase, FieldError, FieldLabel } from '../FieldParts';

interface Props extends FieldBase {
  /** Picker range (YYYY-MM-DD); by default a past date such as a birthday. */
  start?: string;
  end?: string;
  /** Where the wheel opens while the field is empty (a birthday wheel near the person's likely age). */
  around?: string;
}

const today = () => clinicDate(new Date());

/**
 * A date typed as YYYY-MM-DD, or picked from the calendar wheel. What a person types the usual ways
 * ("1960-2-3", "1960/2/3", "1960年2月3日") is written out as 1960-02-03 when they leave the field.
 */
export default function DateField(p: Props) {
  const end = p.end ?? today();
  const start = p.start ?? '1900-01-01';
  const typed = normalizeDateInput(p.value);
  const shown = isRealDate(typed) ? typed : p.around || (end < '1980-01-01' ? end : '1980-01-01');
  const wheel = shown < start ? start : shown > end ? end : shown;
  return (
    <View className="field">
      <FieldLabel label={p.label} hint={p.hint} />
      <View className="date-row">
        <Input
          id={p.id}
          className={`input${p.error ? ' input-error' : ''}`}
          value={p.value}
          placeholder={p.placeholder ?? '如 1980-05-20'}
          maxlength={11}
          onInput={(e) => p.onChange(e.detail.value)}
          onBlur={(e) => {
            const v = normalizeDateInput(e.detail.value);
            if (v !== e.detail.value) p.onChange(v);
          }}
        />
        <Picker mode="date" value={wheel} start={start} end={end} onChange={(e) => p.onChange(String(e.detail.value))}>
          <View className="date-pick" id={`${p.id}-picker`}>
            选择日期
          </View>
        </Picker>
      </View>
      <FieldError id={`error-${p.id.replace(/^field-/, '')}`} error={p.error} />
    </View>
  );
}
