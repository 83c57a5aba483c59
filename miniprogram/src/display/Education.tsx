import type { DepartmentView } from '@shared/schemas/auth';
import { Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { usePolling } from '../hooks/use-polling';
import { education } from '../services/care';
import { nextSlide, type Slide, slidesOf } from './edu-slides';

/** A calm pace: long enough to read three lines from across the room. */
export const SLIDE_MS = 12_000;
/** Clinics edit education rarely: read again every ten minutes. */
const READ_MS = 600_000;

/**
 * 候诊宣教 on the waiting-room screen: one item at a time in a band under the boards, never over a
 * call; while a call flashes the band holds still.
 */
export function EducationBand({ depts, callShowing }: { depts: DepartmentView[]; callShowing: boolean }) {
  const [slides, setSlides] = useState<Slide[]>([]);
  const [index, setIndex] = useState(0);
  const calling = useRef(callShowing);
  calling.current = callShowing;

  usePolling(async () => {
    const read = await Promise.allSettled(depts.map((d) => education(d.id)));
    const views = read.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (views.length) setSlides(slidesOf(views));
  }, READ_MS);

  useEffect(() => {
    const t = setInterval(() => setIndex((i) => nextSlide(i, slides.length, calling.current)), SLIDE_MS);
    return () => clearInterval(t);
  }, [slides.length]);

  const s = slides[index % Math.max(1, slides.length)];
  if (!s) return null;
  return (
    <View className="display-edu" id="display-education">
      <View className="display-edu-side" key={`side-${s.key}`}>
        <Text className="display-edu-label">
          候诊小知识<Text className="display-edu-label-dept">{s.department}</Text>
        </Text>
        <Text className="display-edu-title" id="display-education-title">
          {s.title}
        </Text>
      </View>
      <View className="display-edu-body" key={s.key}>
        {s.lines.map((l) => (
          <Text key={l} className="display-edu-line">
            {l}
          </Text>
        ))}
      </View>
    </View>
  );
}
