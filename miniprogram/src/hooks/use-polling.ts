import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef } from 'react';

/**
 * Runs `fn` now and then every `ms` while the page is shown (and, on H5, while the tab is visible).
 * The next run is scheduled after the previous one settles, so a slow network never stacks calls.
 */
export function usePolling(fn: () => Promise<unknown>, ms: number): { refresh: () => void } {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const state = useRef({
    on: false,
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
    gen: 0,
    shown: true,
  });

  const tick = (gen: number) => {
    const s = state.current;
    if (!s.on || gen !== s.gen) return;
    fnRef
      .current()
      .catch(() => undefined)
      .finally(() => {
        if (s.on && gen === s.gen) s.timer = setTimeout(() => tick(gen), ms);
      });
  };
  const start = () => {
    const s = state.current;
    if (s.on) return;
    s.on = true;
    s.gen += 1;
    tick(s.gen);
  };
  const stop = () => {
    const s = state.current;
    s.on = false;
    s.gen += 1;
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
  };
  const refresh = () => {
    stop();
    start();
  };

  useDidShow(() => {
    state.current.shown = true;
    start();
  });
  useDidHide(() => {
    state.current.shown = false;
    stop();
  });
  // Also start on mount: a component rendered after the page was shown never sees didShow.
  // biome-ignore lint/correctness/useExhaustiveDependencies: start/stop only touch refs
  useEffect(() => {
    start();
    if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return stop;
    const onVisibility = () => (document.hidden ? stop() : state.current.shown && start());
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      stop();
    };
  }, []);

  return { refresh };
}
