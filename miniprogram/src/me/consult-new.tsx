import { routes } from '@shared/routes';
import type { ClinicView } from '@shared/schemas/auth';
import { CONSULTATION_TEXT_MAX } from '@shared/schemas/consultations';
import { relationLabels } from '@shared/schemas/patient';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import * as z from 'zod';
import { Banner } from '../components/Banner';
import FormField from '../components/FormField';
import LabeledChips from '../components/LabeledChips';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../hooks/use-load';
import { useZodForm } from '../hooks/use-zod-form';
import { askReplyNotice, createConsultation, preloadReplyNotice } from '../services/consultations';
import { listMyPatients } from '../services/patients';
import { callAll } from '../services/request';
import { ConsentNeeded } from './consult-consent';
import type { PickedPhoto } from './consult-photo';
import { PhotoField } from './consult-photo-field';
import { usePhotoUpload } from './use-photo-upload';
import './me.css';
import './consult.css';
import '../components/ConsultMessages/index.css';

/** What the form checks before anything is sent (the server checks again with consultationInput). */
const question = z
  .object({
    patientId: z.string().min(1, { message: '请选择就诊人' }),
    clinicId: z.string().min(1, { message: '请选择门诊' }),
    text: z
      .string()
      .trim()
      .max(CONSULTATION_TEXT_MAX, { message: `问题最多 ${CONSULTATION_TEXT_MAX} 字` }),
    hasPhoto: z.boolean(),
  })
  .refine((q) => q.text.length > 0 || q.hasPhoto, { message: '请填写问题或附上照片', path: ['text'] });

async function readChoices() {
  const [patients, clinics] = await Promise.all([listMyPatients(), callAll<ClinicView>(routes.listClinics, {}, 2)]);
  return { patients: patients.items, clinics: clinics.items };
}

/** 提问: which profile, which clinic, the question and a photo; then the conversation opens. */
export default function NewConsultation() {
  const router = useRouter();
  const choices = useLoad(readChoices);
  const form = useZodForm({
    schema: question,
    initial: { patientId: router.params.patientId ?? '', clinicId: '', text: '' },
    toInput: (v) => ({ ...v, hasPhoto: Boolean(photoRef.current) }),
  });
  const { values, errors, set } = form;
  const [photo, setPhoto] = useState<PickedPhoto>();
  const photoRef = useRef<PickedPhoto>();
  photoRef.current = photo;
  const upload = usePhotoUpload();
  const [refusedConsent, setRefusedConsent] = useState('');

  useEffect(preloadReplyNotice, []);
  const data = choices.data;
  // One profile or one clinic: chosen already. Back from agreeing, the profiles read again say what holds now.
  // biome-ignore lint/correctness/useExhaustiveDependencies: each time the lists arrive
  useEffect(() => {
    if (!data) return;
    setRefusedConsent('');
    const pid = values.patientId || (data.patients.length === 1 ? (data.patients[0]?.id ?? '') : '');
    if (pid !== values.patientId) set('patientId', pid);
    if (!values.clinicId) choosePatientClinic(pid);
  }, [data]);
  /** The profile's own clinic is the likely one to ask: chosen unless another was picked. */
  const choosePatientClinic = (pid: string) => {
    const home = data?.patients.find((p) => p.id === pid)?.clinicId;
    const only = data?.clinics.length === 1 ? data.clinics[0]?.id : undefined;
    const clinic = only ?? (data?.clinics.some((c) => c.id === home) ? home : undefined);
    if (clinic) set('clinicId', clinic);
  };
  const pickPatient = (id: string) => {
    set('patientId', id);
    if (!values.clinicId) choosePatientClinic(id);
  };

  const chosen = data?.patients.find((p) => p.id === values.patientId);
  const needsConsent = chosen && (!chosen.consents?.healthData || refusedConsent === chosen.id);

  const send = () =>
    form.submit(
      async (q) => {
        await askReplyNotice();
        const photoId = await upload(photo);
        const thread = await createConsultation({
          patientId: q.patientId,
          clinicId: q.clinicId,
          ...(q.text ? { text: q.text } : {}),
          ...(photoId ? { photoId } : {}),
        });
        Taro.redirectTo({ url: `/me/consult-thread?id=${encodeURIComponent(thread.threadId)}` });
      },
      {
        onRefused: (e) => {
          if (e.code !== 'CONSENT_REQUIRED') return false;
          setRefusedConsent(values.patientId);
          return true;
        },
      },
    );

  return (
    <View className="page" id="consult-new">
      <Text className="title">向医院提问</Text>
      <Loaded state={choices} id="consult-new-error">
        {({ patients, clinics }) =>
          patients.length === 0 ? (
            <View className="card empty">
              <Text className="empty-text">请先添加就诊人，再向医院提问。</Text>
              <Button
                id="go-add-patient"
                className="btn btn-primary"
                onClick={() => Taro.navigateTo({ url: '/pages/patient-form/index' })}
              >
                添加就诊人
              </Button>
            </View>
          ) : (
            <View>
              <LabeledChips
                label="为哪位就诊人咨询"
                idPrefix="consult-patient"
                options={patients.map((p) => ({
                  value: p.id,
                  label: `${p.name}（${relationLabels[p.relation ?? 'self']}）`,
                }))}
                selected={values.patientId}
                error={errors.patientId}
                onToggle={pickPatient}
              />
              {needsConsent && chosen ? <ConsentNeeded patientId={chosen.id} name={chosen.name} /> : null}
              <LabeledChips
                label="向哪家门诊咨询"
                idPrefix="consult-clinic"
                options={clinics.map((c) => ({ value: c.id, label: c.name }))}
                selected={values.clinicId}
                error={errors.clinicId}
                onToggle={(v) => set('clinicId', v)}
              />
              <View className="consult-question">
                <FormField
                  {...form.field('text')}
                  label="您的问题"
                  placeholder="请描述您的情况，例如哪里不舒服、持续多久、做过什么治疗"
                  multiline
                  maxlength={CONSULTATION_TEXT_MAX}
                >
                  <Text className="consult-count" id="text-left">
                    还可输入 {CONSULTATION_TEXT_MAX - values.text.length} 字
                  </Text>
                </FormField>
              </View>
              <PhotoField photo={photo} onChange={setPhoto} />
              <View className="card consult-promise">
                <Text className="consult-note-strong">医生或客服会在工作时间内回复您，回复后会通知您。</Text>
                <Text className="consult-note-strong">
                  如有急症（大出血、剧烈疼痛、呼吸困难等），请立即拨打 120 或直接来院就诊。
                </Text>
              </View>
              <Banner id="consult-new-banner" text={form.banner} />
              <Button
                id="consult-send"
                className="btn btn-primary btn-big"
                disabled={form.sending || Boolean(needsConsent) || undefined}
                onClick={() => void send()}
              >
                {form.sending ? '正在发送…' : '发送问题'}
              </Button>
            </View>
          )
        }
      </Loaded>
    </View>
  );
}
