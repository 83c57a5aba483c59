import { Text, View } from '@tarojs/components';
import Chips from '../Chips';

interface Props {
  label: string;
  hint?: string;
  idPrefix: string;
  options: { value: string; label: string }[];
  selected: string | string[];
  error?: string;
  /** id of the error line (tests and screen readers find it by this) */
  errorId?: string;
  onToggle: (value: string) => void;
}

/** A labelled row of big choices with its validation message underneath. */
export default function LabeledChips(p: Props) {
  return (
    <View className="field">
      <Text className="label">
        {p.label}
        {p.hint ? <Text className="label-hint">{p.hint}</Text> : null}
      </Text>
      <Chips idPrefix={p.idPrefix} options={p.options} selected={p.selected} onToggle={p.onToggle} />
      {p.error ? (
        <Text className="error-text" id={p.errorId ?? `error-${p.idPrefix}`}>
          {p.error}
        </Text>
      ) : null}
    </View>
  );
}
