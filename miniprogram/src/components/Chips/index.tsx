import { Text, View } from '@tarojs/components';

interface Option {
  value: string;
  label: string;
}

interface Props {
  idPrefix: string;
  options: Option[];
  /** one value (single choice) or several (multiple choice) */
  selected: string | string[];
  onToggle: (value: string) => void;
}

/** Big tappable choices: easier than a picker wheel on an old phone. */
export default function Chips({ idPrefix, options, selected, onToggle }: Props) {
  const isOn = (v: string) => (Array.isArray(selected) ? selected.includes(v) : selected === v);
  return (
    <View className="chips">
      {options.map((o) => (
        <View
          key={o.value}
          id={`${idPrefix}-${o.value}`}
          className={`chip${isOn(o.value) ? ' chip-on' : ''}`}
          onClick={() => onToggle(o.value)}
        >
          <Text>{isOn(o.value) ? `✓ ${o.label}` : o.label}</Text>
        </View>
      ))}
    </View>
  );
}
