import { View } from '@tarojs/components';
import type { ComponentProps } from 'react';
import Chips from '../Chips';
import { FieldError, FieldLabel } from '../FieldParts';

type Props = ComponentProps<typeof Chips> & {
  label: string;
  hint?: string;
  error?: string;
  /** id of the error line; `error-<idPrefix>` by default */
  errorId?: string;
};

/** A labelled row of big choices with its validation message underneath. */
export default function LabeledChips({ label, hint, error, errorId, ...chips }: Props) {
  return (
    <View className="field">
      <FieldLabel label={label} hint={hint} />
      <Chips {...chips} />
      <FieldError id={errorId ?? `error-${chips.idPrefix}`} error={error} />
    </View>
  );
}
