import { useState } from 'react';
import { messageOf } from '../services/request';
import type { LoadState } from './use-load';

interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Where 加载更多 stands: a page on its way, or why the last one did not come. */
export interface MoreState {
  loading: boolean;
  problem: string;
}

/**
 * 加载更多 for a list read with useLoad: the next page is added below what is shown, an item
 * already shown (added while paging) is not listed twice, and a failure says so beside the button.
 */
export function useMore<T>(
  list: LoadState<Page<T>>,
  nextPage: (cursor: string) => Promise<Page<T>>,
  keyOf: (item: T) => string,
): { more: MoreState; loadMore: () => Promise<void> } {
  const [more, setMore] = useState<MoreState>({ loading: false, problem: '' });
  const loadMore = async () => {
    const shown = list.data;
    if (!shown?.nextCursor || more.loading) return;
    setMore({ loading: true, problem: '' });
    try {
      const next = await nextPage(shown.nextCursor);
      const seen = new Set(shown.items.map(keyOf));
      list.setData({
        items: [...shown.items, ...next.items.filter((i) => !seen.has(keyOf(i)))],
        nextCursor: next.nextCursor,
      });
      setMore({ loading: false, problem: '' });
    } catch (e) {
      setMore({ loading: false, problem: messageOf(e, '加载失败，请稍后重试') });
    }
  };
  return { more, loadMore };
}
