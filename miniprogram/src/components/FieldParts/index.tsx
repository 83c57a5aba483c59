import { Text } from '@tarojs/components';
import type { ComponentProps } from 'react';
import type FormField from '../FormField';

/** What every labelled field of a form takes (as FormField takes it). */
export type FieldBase = Pick<
  ComponentProps<typeof FormField>,
  'id' | 'label' | 'hint' | 'value' | 'error' | 'placeholder' | 'onChange'
>;

/** A field's label, with a quieter hint beside it (选填, 可多选). */
export function FieldLabel({ label, hint }: { label: string; hint?: string }) {
  return (
    <Text className="label">
      {label}
      {hint ? <Text className="label-hint">{hint}</Text> : null}
    </Text>
  );
}

/** A field's validation message; `id` lets tests and screen readers find it. */
export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <Text className="error-text" id={id}>
      {error}
    </Text>
  ) : null;
}
