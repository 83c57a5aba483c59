import type { CreatePatientInput } from '@shared/schemas/patient';
import { GUARDIAN_AGE } from '@shared/schemas/patient';
import { Text, View } from '@tarojs/components';
import ConsentSwitch from '../../components/ConsentSwitch';
import FormField from '../../components/FormField';
import type { ZodForm } from '../../hooks/use-zod-form';
import { type FormState, isMinor } from './form-state';

interface Props {
  form: ZodForm<FormState, CreatePatientInput>;
  /** The ID number was typed: it may fill the birth date and gender. */
  onIdCard: (typed: string) => void;
  /** What a valid ID number filled in, said under the field. */
  idNote: string;
}

/** The consents, and the health fields that only open with the health-data consent. */
export default function ConsentBlock({ form, onIdCard, idNote }: Props) {
  const { values, errors, set } = form;
  const healthHint = values.healthData ? '选填' : '需先开启健康信息授权';
  const consent = (key: 'healthData' | 'marketing' | 'guardian', title: string, text: string) => (
    <ConsentSwitch
      id={`consent-${key}`}
      title={title}
      text={text}
      checked={values[key]}
      error={errors[`consents.${key}`]}
      onChange={(v) => set(key, v)}
    />
  );
  return (
    <View>
      <Text className="card-title">授权</Text>
      {consent(
        'healthData',
        '健康信息授权',
        '同意医院保存和使用病史、身份证号等健康信息，仅用于诊疗。开启后才能填写下面两项；可随时撤回。',
      )}
      <FormField
        {...form.field('idCardNo')}
        label="身份证号"
        hint={healthHint}
        type="idcard"
        maxlength={18}
        disabled={!values.healthData || undefined}
        onChange={onIdCard}
      >
        {idNote && !errors.idCardNo ? (
          <Text className="field-note" id="idcard-note">
            {idNote}
          </Text>
        ) : null}
      </FormField>
      <FormField
        {...form.field('medicalHistory')}
        label="既往病史、过敏史"
        hint={healthHint}
        multiline
        maxlength={1000}
        disabled={!values.healthData || undefined}
      />
      {consent('marketing', '营销信息授权（可选）', '同意接收节日问候、优惠活动等消息。不同意不影响就诊，可随时关闭。')}
      {isMinor(values.birthDate)
        ? consent('guardian', '监护人同意', `就诊人未满 ${GUARDIAN_AGE} 周岁，需要您作为监护人同意处理其个人信息。`)
        : null}
    </View>
  );
}
