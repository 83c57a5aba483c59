import { describe, expect, it } from 'vitest';
import { nextSlide, slidesOf } from '../../miniprogram/src/display/edu-slides';

const view = (departmentId: string, departmentName: string, titles: string[]) => ({
  departmentId,
  departmentName,
  isDefault: true,
  items: titles.map((title) => ({ title, lines: [`${title}的内容`], published: true })),
});

describe('education on the waiting-room screen', () => {
  it("puts every department's items in a row, an item two departments share once", () => {
    const slides = slidesOf([
      view('d1', '正畸科', ['正畸期间清洁', '正确刷牙']),
      view('d2', '牙周科', ['正确刷牙', '牙线']),
    ]);
    expect(slides.map((s) => `${s.department}:${s.title}`)).toEqual([
      '正畸科:正畸期间清洁',
      '正畸科:正确刷牙',
      '牙周科:牙线',
    ]);
  });

  it('moves to the next item and back to the first after the last', () => {
    expect(nextSlide(0, 3, false)).toBe(1);
    expect(nextSlide(2, 3, false)).toBe(0);
  });

  it('holds still while a call is shown', () => {
    expect(nextSlide(1, 3, true)).toBe(1);
  });

  it('stays at 0 with nothing to show', () => {
    expect(nextSlide(4, 0, false)).toBe(0);
  });
});
