import { describe, expect, it } from 'vitest';
import { defaultCareInstructions, defaultEducation, educationTopic } from '../../functions/care/care-defaults';
import { demoDepartments } from '../../scripts/local/seed';
import { updateCareInstructionsInput, updateEducationInput } from '../../shared/schemas/care';
import { categories } from '../../shared/schemas/common';

describe('default care instructions and education', () => {
  it('has instructions for every visit category that a manager could save as they are', () => {
    for (const c of categories) {
      const parsed = updateCareInstructionsInput.safeParse(defaultCareInstructions[c]);
      expect(parsed.success, `${c}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it('has education items for every topic that a manager could save as they are', () => {
    for (const [topic, items] of Object.entries(defaultEducation)) {
      const parsed = updateEducationInput.safeParse({ items });
      expect(parsed.success, `${topic}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it('tells the extraction patient the things a dentist says first', () => {
    const text = defaultCareInstructions.extraction.lines.join('');
    for (const must of ['30–40 分钟', '24 小时内不要漱口', '不要用吸管', '温凉软食', '血丝属正常', '及时就医']) {
      expect(text).toContain(must);
    }
  });

  it("reads a department's topic from its name", () => {
    expect(educationTopic('正畸科')).toBe('orthodontic');
    expect(educationTopic('种植中心')).toBe('implant');
    expect(educationTopic('儿童口腔科')).toBe('pediatric');
    expect(educationTopic('儿牙科')).toBe('pediatric');
    expect(educationTopic('综合科')).toBe('general');
  });

  it('gives each department of the demo seed its own topic, not the general one', () => {
    const topics = demoDepartments.map((d) => educationTopic(d.name));
    expect(topics).toEqual(['orthodontic', 'implant', 'prosthetic', 'periodontal', 'pediatric']);
  });
});
