import { Input, Picker, Text, View } from '@tarojs/components';

interface Props {
  id: string;
  label: string;
  hint?: string;
  value: string;
  error?: string;
  placeholder?: string;
  /** Picker range (YYYY-MM-DD); by default a past date such as a birthday. */
  start?: string;
  end?: string;
  onChange: (value: string) => void;
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** A date typed as YYYY-MM-DD, or picked from the calendar wheel. */
export default function DateField(p: Props) {
  return (
    <View className="field">
      <Text className="label">
        {p.label}
        {p.hint ? <Text className="label-hint">{p.hint}</Text> : null}
      </Text>
      <View className="date-row">
        <Input
          id={p.id}
          className={`input${p.error ? ' input-error' : ''}`}
          value={p.value}
          placeholder={p.placeholder ?? '如 1980-05-20'}
          maxlength={10}
          onInput={(e) => p.onChange(e.detail.value)}
        />
        <Picker
          mode="date"
          value={p.value || p.start || '1980-01-01'}
          start={p.start ?? '1900-01-01'}
          end={p.end ?? today()}
          onChange={(e) => p.onChange(String(e.detail.value))}
        >
          <View className="date-pick" id={`${p.id}-picker`}>
            选择日期
          </View>
        </Picker>
      </View>
      {p.error ? (
        <Text className="error-text" id={`error-${p.id.replace(/^field-/, '')}`}>
          {p.error}
        </Text>
      ) : null}
    </View>
  );
}
