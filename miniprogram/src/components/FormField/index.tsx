import { Input, Text, Textarea, View } from '@tarojs/components';
import type { ReactNode } from 'react';

interface Props {
  id: string;
  label: string;
  hint?: string;
  value: string;
  error?: string;
  placeholder?: string;
  /** 'phone': a mobile number (the number pad in WeChat, at most 20 characters as typed, "11 位手机号" unless told). */
  type?: 'text' | 'number' | 'idcard' | 'digit' | 'phone';
  maxlength?: number;
  disabled?: boolean;
  multiline?: boolean;
  onChange: (value: string) => void;
  children?: ReactNode;
}

// On H5 a phone stays a text input: a number typed with spaces or +86 is kept as typed (the schema
// normalises it), where a number input would refuse it.
const phoneInput = process.env.TARO_ENV === 'weapp' ? 'number' : 'text';

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
          type={p.type === 'phone' ? phoneInput : (p.type ?? 'text')}
          placeholder={p.placeholder ?? (p.type === 'phone' ? '11 位手机号' : undefined)}
          maxlength={p.maxlength ?? (p.type === 'phone' ? 20 : 200)}
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
