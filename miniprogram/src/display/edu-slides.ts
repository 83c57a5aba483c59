/** What the screen needs of a department's education read (EducationView, structurally: unit tests import this file). */
interface DepartmentEducation {
  departmentId: string;
  departmentName: string;
  items: { title: string; lines: string[] }[];
}

/** One education item on the waiting-room screen, with the department it comes from. */
export interface Slide {
  key: string;
  department: string;
  title: string;
  lines: string[];
}

/** Every department's published items, one after another; an item two departments share is shown once. */
export function slidesOf(views: DepartmentEducation[]): Slide[] {
  const seen = new Set<string>();
  const out: Slide[] = [];
  for (const v of views) {
    for (const i of v.items) {
      if (seen.has(i.title)) continue;
      seen.add(i.title);
      out.push({ key: `${v.departmentId}:${i.title}`, department: v.departmentName, title: i.title, lines: i.lines });
    }
  }
  return out;
}

/** The slide after `index` of `count`; it stays while a call is being shown, so nothing moves beside it. */
export function nextSlide(index: number, count: number, callShowing: boolean): number {
  if (count === 0) return 0;
  return callShowing ? index % count : (index + 1) % count;
}
