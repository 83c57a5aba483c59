import type { Category } from '../../shared/schemas/common';

// The text a clinic has until a manager edits it: what a dentist tells a patient after each kind of
// visit, and what a waiting room of each department teaches. Kept here, not in shared/, so that it
// never weighs on the mini-program's main package.

/** Care instructions (术后须知) per visit category. */
export const defaultCareInstructions: Record<Category, { title: string; lines: string[] }> = {
  extraction: {
    title: '拔牙后须知',
    lines: [
      '咬紧棉球或纱布 30–40 分钟后轻轻吐掉，不要反复咬。',
      '24 小时内不要漱口、不要用吸管，不要吮吸或用舌头舔伤口。',
      '2 小时后可进食，当天吃温凉软食，用另一侧咀嚼。',
      '唾液中带少量血丝属正常；当天可在脸颊外冷敷减轻肿胀。',
      '当天刷牙避开伤口；戒烟酒，避免剧烈运动。',
      '出血不止、肿痛加重或发热，请及时就医；有缝线的约 7 天拆线。',
    ],
  },
  implant: {
    title: '种植术后须知',
    lines: [
      '咬紧纱布 30–40 分钟；24 小时内不要漱口、不要刷手术区。',
      '48 小时内可间断冷敷；肿胀 2–3 天最明显，之后会消退。',
      '按医嘱服药；24 小时后饭后用医生开的漱口水轻轻含漱。',
      '两周内吃温凉软食，不用手术侧咀嚼；请戒烟酒。',
      '术后 7–10 天复诊拆线，按约定时间复查。',
      '出血不止、持续剧痛、发热或种植体松动，请及时就医。',
    ],
  },
  general: {
    title: '检查与补牙后须知',
    lines: [
      '树脂充填（白色材料）后即可进食。',
      '银汞充填（银色材料）后 24 小时内避免用该侧咀嚼。',
      '打过麻药的，麻木消退前不要进食，小心咬伤嘴唇和舌头。',
      '补牙后几天内冷热敏感属正常，会逐渐缓解。',
      '咬东西痛、夜里痛或不碰也痛，请及时复诊。',
      '建议每半年到一年做一次口腔检查。',
    ],
  },
  endodontic: {
    title: '根管治疗后须知',
    lines: [
      '治疗后几天内轻微胀痛、咬合不适属正常，一般会逐渐缓解。',
      '麻药消退前（约 2–3 小时）不要进食，小心咬伤嘴唇。',
      '治疗期间牙齿有暂封，不要用这颗牙咬硬物；暂封脱落请联系医院。',
      '根管治疗后的牙齿较脆，建议尽早做牙冠保护，防止劈裂。',
      '肿胀明显、剧烈疼痛或发热，请及时就医；请按约复诊。',
    ],
  },
  orthodontic: {
    title: '正畸复诊后须知',
    lines: [
      '加力后 3–5 天牙齿酸胀属正常，可吃软食，一般一周内适应。',
      '托槽或钢丝磨嘴时，可在该处贴正畸保护蜡。',
      '不啃硬物、不吃黏食（坚果、排骨、年糕、口香糖），水果切小块。',
      '每餐后刷牙，用牙缝刷或冲牙器清洁托槽周围。',
      '托槽脱落或钢丝扎嘴，请联系医院；隐形牙套每天戴 20–22 小时。',
      '请按约复诊，一般 4–6 周一次。',
    ],
  },
  prosthetic: {
    title: '修复后须知',
    lines: [
      '戴临时牙期间不咬硬物、黏食；临时牙脱落请保存好并尽快复诊。',
      '牙冠粘接后 24 小时内，避免用该侧咬硬物。',
      '活动假牙初戴有异物感、说话不清属正常；有压痛请复诊调改，不要自己修磨。',
      '活动假牙饭后取下冲洗，睡前取下泡在冷水中，不用热水或酒精。',
      '用牙线或冲牙器清洁牙冠边缘和牙桥下方。',
    ],
  },
  periodontal: {
    title: '牙周治疗后须知',
    lines: [
      '治疗后几天内牙齿对冷热敏感、牙龈少量出血属正常。',
      '当天避免过冷过热和辛辣食物；按医嘱使用漱口水。',
      '牙龈消肿后牙缝变大、牙齿显长，是炎症消退的表现。',
      '坚持巴氏刷牙法，每天用牙线或牙间隙刷；请戒烟。',
      '请按约复查，牙周维护一般每 3–6 个月一次。',
    ],
  },
  cleaning: {
    title: '洁牙后须知',
    lines: [
      '洁牙后 1–2 天牙齿对冷热敏感、刷牙少量出血属正常。',
      '当天避免过冷过热、过酸的食物。',
      '24 小时内少喝浓茶、咖啡，以免染色。',
      '用软毛牙刷早晚刷牙，每天用牙线。',
      '建议每 6–12 个月洁牙一次；牙龈持续出血或肿痛请联系医院。',
    ],
  },
  pediatric: {
    title: '儿童治疗后须知',
    lines: [
      '打麻药后 2–3 小时嘴唇发麻，请看护孩子不要咬、抓、吸嘴唇。',
      '窝沟封闭后可正常进食，避免咬过硬的东西；定期复查是否脱落。',
      '涂氟后 30 分钟内不进食、不喝水，当晚不刷牙。',
      '家长帮孩子刷牙，用含氟牙膏：3 岁以下米粒大小，3–6 岁豌豆大小。',
      '请每 3–6 个月带孩子做一次口腔检查。',
    ],
  },
  cosmetic: {
    title: '牙齿美白后须知',
    lines: [
      '48 小时内避免咖啡、茶、可乐、红酒、酱油等深色饮食，不吸烟。',
      '几天内牙齿可能对冷热敏感，可用抗敏感牙膏，一般会自行缓解。',
      '避免过冷过热的食物和饮料。',
      '效果保持与饮食习惯有关，请定期洁牙。',
    ],
  },
};

export type EducationTopic = 'general' | 'orthodontic' | 'implant' | 'prosthetic' | 'periodontal' | 'pediatric';

type Item = { title: string; lines: string[]; published: boolean };
const item = (title: string, ...lines: string[]): Item => ({ title, lines, published: true });

const brushing = item(
  '正确刷牙：巴氏刷牙法',
  '刷毛与牙面呈 45°，指向牙龈，短距离水平颤动。',
  '每次刷 2–3 颗牙，里外和咬合面都要刷到。',
  '早晚各刷一次，每次不少于 2 分钟。',
);
const floss = item('每天用牙线', '牙刷刷不到牙缝：牙线贴着牙面呈 C 形上下刮动。', '每天至少一次，睡前最好。');

/** Education items (候诊宣教) per topic; a department's topic comes from its name. */
export const defaultEducation: Record<EducationTopic, Item[]> = {
  general: [
    brushing,
    floss,
    item('定期检查', '每半年到一年口腔检查一次，每 6–12 个月洁牙一次。', '小洞早补，不痛也要查。'),
  ],
  orthodontic: [
    item('正畸期间清洁', '每餐后刷牙，托槽上下都要刷到。', '用牙缝刷清洁钢丝下方，冲牙器辅助。'),
    item('戴牙套怎么吃', '不啃硬物、不吃黏食。', '苹果切块吃，玉米剥粒吃。'),
    item('保持器要戴好', '摘下牙套后按医嘱戴保持器，', '否则牙齿可能跑回原位。'),
    brushing,
  ],
  implant: [
    item('种植牙维护', '种植牙不会蛀，但周围牙龈会发炎。', '早晚刷牙，用牙线、牙间隙刷或冲牙器清洁种植牙周围。'),
    item('定期复查', '戴牙后 1、3、6、12 个月复查，', '之后每年复查一次并拍片。'),
    item('种植前后请戒烟', '吸烟明显增加种植失败和种植体周围炎的风险。'),
    item('别用种植牙咬硬物', '不咬骨头、坚果壳，不开瓶盖；夜磨牙请戴牙垫。'),
  ],
  prosthetic: [
    item('活动假牙的清洁', '饭后取下冲洗，用软毛刷清洁。', '睡前取下，泡在冷水或假牙清洁液中。'),
    item('牙冠牙桥的清洁', '用牙线穿引器或冲牙器，清洁牙桥下方和牙冠边缘。'),
    item('缺牙要及时修复', '缺牙久了，邻牙会倾斜、对面的牙会伸长，', '影响咀嚼和以后的修复。'),
    floss,
  ],
  periodontal: [
    item('刷牙出血不是上火', '多是牙龈发炎的信号；', '坚持正确刷牙和定期洁牙，出血会减少。'),
    item('牙间隙刷', '牙缝较大时用牙间隙刷，每天一次；', '选能顺利进入、又不太松的尺寸。'),
    item('牙周与全身健康', '牙周炎与糖尿病相互影响；吸烟会加重牙周病。'),
    item('牙周维护', '牙周治疗后每 3–6 个月复查维护一次。'),
  ],
  pediatric: [
    item('儿童窝沟封闭', '六龄齿（约 6–7 岁）和第二恒磨牙（约 11–13 岁）', '长出后尽早做窝沟封闭，预防蛀牙。'),
    item('含氟牙膏用多少', '3 岁以下米粒大小，3–6 岁豌豆大小；', '家长帮孩子刷牙或在旁监督。'),
    item('乳牙蛀了也要治', '乳牙龋坏会疼痛、感染，', '还会影响恒牙和咀嚼。'),
    item('定期检查', '儿童每 3–6 个月检查一次，可定期涂氟。'),
  ],
};

const topicWords: [string, EducationTopic][] = [
  ['正畸', 'orthodontic'],
  ['种植', 'implant'],
  ['修复', 'prosthetic'],
  ['牙周', 'periodontal'],
  ['儿童', 'pediatric'],
  ['儿牙', 'pediatric'],
];

/** The education topic of a department, read from its name (正畸科 → orthodontic); general otherwise. */
export function educationTopic(departmentName: string): EducationTopic {
  return topicWords.find(([word]) => departmentName.includes(word))?.[1] ?? 'general';
}
