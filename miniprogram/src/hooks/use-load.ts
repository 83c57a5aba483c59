import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, messageOf } from '../services/request';

/** What a page shows while it reads: the data (kept while a reload runs or fails), loading, an error. */
export interface LoadState<T> {
  data: T | undefined;
  loading: boolean;
  /** A Chinese message; '' when the last read worked (or a 401 already went to the login page). */
  error: string;
  /** No answer came at all (offline): the page keeps what it showed and offers to try again. */
  offline: boolean;
  reload: () => Promise<void>;
  /** Replace the data after a change the page made itself (no read needed). */
  setData: (data: T) => void;
}

/**
 * Reads once on mount, again when `deps` change, and again each time the page is shown again
 * (back from a form). Only the newest read's answer is used.
 */
export function useLoad<T>(read: () => Promise<T>, deps: readonly unknown[] = [], reloadOnShow = true): LoadState<T> {
  const [data, setData] = useState<T | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [offline, setOffline] = useState(false);
  const gen = useRef(0);
  const readRef = useRef(read);
  readRef.current = read;
  const mounted = useRef(false);

  const reload = useCallback(async () => {
    const mine = ++gen.current;
    setLoading(true);
    try {
      const d = await readRef.current();
      if (mine !== gen.current) return;
      setData(d);
      setError('');
      setOffline(false);
    } catch (e) {
      if (mine !== gen.current) return;
      const unauthenticated = e instanceof ApiError && e.status === 401;
      setError(unauthenticated ? '' : messageOf(e, '加载失败，请稍后重试'));
      setOffline(e instanceof ApiError && e.status === 0);
    } finally {
      if (mine === gen.current) setLoading(false);
    }
  }, []);

  // The caller names what the read depends on (ids, dates: plain values).
  const depKey = JSON.stringify(deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: depKey stands for deps
  useEffect(() => {
    void reload();
  }, [depKey]);

  useDidShow(() => {
    // The first show is the mount, already read above.
    if (mounted.current && reloadOnShow) void reload();
    mounted.current = true;
  });

  return { data, loading, error, offline, reload, setData };
}
