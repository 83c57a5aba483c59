import { Input, Text, Textarea, View } from '@tarojs/components';
import type { ReactNode } from 'react';

interface Props {
  id: string;
  label: string;
  hint?: string;
  value: string;
  error?: string;
  placeholder?: string;
  type?: 'text' | 'number' | 'idcard' | 'digit';
  maxlength?: number;
  disabled?: boolean;
  multiline?: boolean;
  onChange: (value: string) => void;
  children?: ReactNode;
}

// H5 wraps a real <textarea> in a host element: the padding belongs on the inner one there.
const textareaClass = process.env.TARO_ENV === 'h5' ? 'textarea textarea-h5' : 'textarea';

/** A labelled input with its validation message underneath. */
export default function FormField(p: Props) {
  const cls = `${p.multiline ? textareaClass : 'input'}${p.error ? ' input-error' : ''}${p.disabled ? ' input-disabled' : ''}`;
  return (
    <View className="field">
      <Text className="label">
        {p.label}
        {p.hint ? <Text className="label-hint">{p.hint}</Text> : null}
      </Text>
      {p.multiline ? (
        <Textarea
          id={p.id}
          className={cls}
          value={p.value}
          placeholder={p.placeholder}
          maxlength={p.maxlength ?? 1000}
          disabled={p.disabled || undefined}
          onInput={(e) => p.onChange(e.detail.value)}
        />
      ) : (
        <Input
          id={p.id}
          className={cls}
          value={p.value}
          type={p.type ?? 'text'}
          placeholder={p.placeholder}
          maxlength={p.maxlength ?? 200}
          disabled={p.disabled || undefined}
          onInput={(e) => p.onChange(e.detail.value)}
        />
      )}
      {p.children}
      {p.error ? (
        <Text className="error-text" id={`error-${p.id.replace(/^field-/, '')}`}>
          {p.error}
        </Text>
      ) : null}
    </View>
  );
}
