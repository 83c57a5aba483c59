import { Button, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { LoadState } from '../../hooks/use-load';
import { Banner } from '../Banner';

interface Props<T> {
  state: LoadState<T>;
  /** id of the error banner, for tests and for finding it on screen */
  id?: string;
  /** What an empty answer means to this person, and what they can do about it. */
  empty?: { when: (data: T) => boolean; text: string; action?: ReactNode };
  children: (data: T) => ReactNode;
}

/**
 * Loading, error (with 重试), empty and loaded: the four states of every page that reads something,
 * the same everywhere. A failed reload keeps what was shown and says so above it.
 */
export function Loaded<T>({ state, id, empty, children }: Props<T>) {
  const { data, loading, error, offline } = state;
  return (
    <View>
      {error ? (
        <Banner id={id} text={error}>
          {data !== undefined && offline ? <Text className="banner-line">下面是上次加载的内容。</Text> : null}
          <Button className="btn btn-small" disabled={loading || undefined} onClick={() => void state.reload()}>
            {loading ? '正在重试…' : '重试'}
          </Button>
        </Banner>
      ) : null}
      {data === undefined && loading ? <Text className="muted loading-note">正在加载…</Text> : null}
      {data !== undefined && empty?.when(data) ? (
        <View className="card empty">
          <Text className="empty-text">{empty.text}</Text>
          {empty.action}
        </View>
      ) : null}
      {data !== undefined && !empty?.when(data) ? children(data) : null}
    </View>
  );
}
