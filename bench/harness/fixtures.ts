/** What the bench's patients are made of: unique phones across all sections, a few common names. */

let phoneSeq = 0;

/** A phone number no other request of this run used. */
export function nextPhone(): string {
  phoneSeq += 1;
  return `13${String(phoneSeq).padStart(9, '0')}`;
}

/** The body of one self-registration (POST /v1/me/patients). */
export function registrationBody() {
  return {
    name: '测试患者',
    gender: 'female',
    birthDate: '1988-03-15',
    phone: nextPhone(),
    relation: 'self',
    consents: { healthData: true, marketing: false },
  };
}

export const FILL_NAMES = [
  '王芳',
  '李娜',
  '张伟',
  '刘洋',
  '陈静',
  '杨帆',
  '赵磊',
  '黄敏',
  '周杰',
  '吴婷',
  '徐丽',
  '孙浩',
];

/** The bench clinic (the visit-day and stats sections both use it). */
export const benchClinic = (id: string) => ({ id, name: '基准口腔门诊', city: '上海', address: '基准路 1 号' });
