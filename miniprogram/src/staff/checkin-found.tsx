import { maskPhone } from '@shared/phone';
import type { MinimalPatientCard, PatientSearchItem, StaffPatientView } from '@shared/schemas/patient';
import { Text, View } from '@tarojs/components';
import PickCard from '../components/PickCard';

/** A record of another clinic found by its exact phone: only a masked card until the patient is cared for here. */
export const isMinimal = (p: PatientSearchItem): p is MinimalPatientCard => 'minimal' in p && p.minimal === true;

/** The id to give a number to, whichever way the record was found. */
export const idOf = (p: PatientSearchItem): string => (isMinimal(p) ? p.patientId : p.id);

/** The name the desk says aloud: in full for a record it may read, masked otherwise. */
export const nameOf = (p: PatientSearchItem): string => (isMinimal(p) ? p.maskedName : p.name);

const isVip = (p: StaffPatientView) => p.tags.some((t) => t.toUpperCase() === 'VIP');
const genderWords = { male: '男', female: '女' } as const;

/** One record found by phone, as a card to pick: the full record, or the minimal card of another clinic's patient. */
export function FoundCard({ p, chosen, onPick }: { p: PatientSearchItem; chosen: boolean; onPick: () => void }) {
  if (!isMinimal(p)) {
    return (
      <PickCard
        id={`walkin-patient-${p.id}`}
        name={p.name}
        chosen={chosen}
        onPick={onPick}
        badge={isVip(p) ? <Text className="vip">★ VIP</Text> : null}
      >
        <Text className="muted">{p.phoneMasked ? p.phone : maskPhone(p.phone)}</Text>
      </PickCard>
    );
  }
  const about = [p.gender ? genderWords[p.gender] : '', p.birthYear ? `${p.birthYear} 年生` : '']
    .filter(Boolean)
    .join(' · ');
  return (
    <PickCard id={`walkin-patient-${p.patientId}`} name={p.maskedName} chosen={chosen} onPick={onPick}>
      <View className="muted">
        {p.maskedPhone}
        {about ? ` · ${about}` : ''}
      </View>
      <View className="muted">{`档案在${p.homeClinicName || '集团其他门诊'}`}</View>
      <View className="muted" id={`walkin-minimal-${p.patientId}`}>
        在本院挂号或预约后，即可查看完整档案。
      </View>
    </PickCard>
  );
}
