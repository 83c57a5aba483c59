import { normalizePhone } from '@shared/phone';
import { Text, View } from '@tarojs/components';
import FormField from '../../components/FormField';

interface Props {
  value: string;
  error?: string;
  /** Editing: the phone changes only through a new registration. */
  locked: boolean;
  /** This profile uses the account holder's phone. */
  shared?: boolean;
  /** A family member (not the account holder themself) is being added. */
  family: boolean;
  /** The account holder's own phone, offered to a family member without one. */
  holder?: { phone: string; masked: string };
  onChange: (phone: string) => void;
}

/** The contact phone; a family member may give the account holder's (one tap fills it). */
export default function PhoneField({ value, error, locked, shared, family, holder, onChange }: Props) {
  const hint = locked ? (shared ? '与本人共用，不可修改' : '手机号不可修改') : '用于就诊提醒';
  const usingHolder = Boolean(holder && normalizePhone(value) === holder.phone);
  return (
    <FormField
      id="field-phone"
      label="手机号"
      hint={hint}
      type="phone"
      value={value}
      error={error}
      disabled={locked || undefined}
      onChange={onChange}
    >
      {family && !locked ? (
        <View className="family-phone" id="family-phone">
          <Text className="field-note">家人没有自己的手机号时，可以填写您本人的手机号，就诊提醒会发到这个号码。</Text>
          {holder ? (
            <View
              id="use-holder-phone"
              className={`chip${usingHolder ? ' chip-on' : ''}`}
              onClick={() => onChange(holder.phone)}
            >
              <Text>{usingHolder ? `✓ 已使用本人手机号 ${holder.masked}` : `使用本人手机号 ${holder.masked}`}</Text>
            </View>
          ) : null}
        </View>
      ) : null}
    </FormField>
  );
}
