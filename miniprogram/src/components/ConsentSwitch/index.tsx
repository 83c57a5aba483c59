import { Switch, Text, View } from '@tarojs/components';

interface Props {
  id: string;
  title: string;
  text: string;
  checked: boolean;
  error?: string;
  onChange: (on: boolean) => void;
}

/** One consent, with what it allows in plain words. */
export default function ConsentSwitch(p: Props) {
  return (
    <View className="consent">
      <View className="row-between">
        <Text className="label">{p.title}</Text>
        <Switch
          id={p.id}
          className="consent-switch"
          checked={p.checked}
          color="#0f766e"
          onChange={(e) => p.onChange(Boolean(e.detail.value))}
        />
      </View>
      <Text className="consent-text">{p.text}</Text>
      {p.error ? (
        <Text className="error-text" id={`error-${p.id}`}>
          {p.error}
        </Text>
      ) : null}
    </View>
  );
}
