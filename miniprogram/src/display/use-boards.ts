import type { DepartmentView } from '@shared/schemas/auth';
import type { BoardView } from '@shared/schemas/visit-day';
import { useRef, useState } from 'react';
import { getBoard } from '../services/queue';
import { roomText } from '../utils/days';
import type { Panel } from './Board';

const FLASH_MS = 5000;

/** What the screen says for a call: the number and the room (a masked name read aloud says 星). */
export function callWords(b: NonNullable<BoardView['nowServing']>): string {
  return `请 ${b.displayNumber} 号患者到 ${roomText(b.room)}就诊`;
}

/**
 * The panels of a clinic's departments, read together on each tick. A new call (a changed callSeq)
 * flashes its panel and is announced; a call already on the board when the screen opens stays quiet.
 */
export function useBoards(announce: (text: string) => void) {
  const [panels, setPanels] = useState<Record<string, Panel>>({});
  const lastSeq = useRef<Record<string, number>>({});
  const panelsRef = useRef(panels);
  panelsRef.current = panels;

  const read = async (depts: DepartmentView[]) => {
    const results = await Promise.allSettled(depts.map((d) => getBoard(d.id)));
    const at = Date.now();
    const next: Record<string, Panel> = {};
    depts.forEach((dept, i) => {
      const before = panelsRef.current[dept.id] ?? { dept, stale: false, flashUntil: 0 };
      const r = results[i];
      if (!r || r.status === 'rejected') {
        next[dept.id] = { ...before, dept, stale: true };
        return;
      }
      const b = r.value;
      const seq = b.nowServing?.callSeq;
      const seen = lastSeq.current[dept.id];
      let flashUntil = before.flashUntil;
      if (b.nowServing && seq !== undefined && seen !== undefined && seq !== seen) {
        flashUntil = at + FLASH_MS;
        announce(callWords(b.nowServing));
      }
      // An idle queue counts as seen (0), so the day's first call flashes and is spoken too.
      if (seq !== undefined) lastSeq.current[dept.id] = seq;
      else if (seen === undefined) lastSeq.current[dept.id] = 0;
      next[dept.id] = { dept, board: b, stale: false, flashUntil };
    });
    setPanels(next);
  };

  return { panels, read };
}
