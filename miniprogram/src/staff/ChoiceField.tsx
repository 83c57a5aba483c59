import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

interface Props {
  /** The field's key: its message is `#error-<name>`, as FormField names them. */
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}

/** A labelled choice (chips) with its validation message underneath, like FormField for text. */
export default function ChoiceField({ name, label, hint, error, children }: Props) {
  return (
    <View className="field">
      <Text className="label">
        {label}
        {hint ? <Text className="label-hint">{hint}</Text> : null}
      </Text>
      {children}
      {error ? (
        <Text className="error-text" id={`error-${name}`}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}
