import { Button, Text } from '@tarojs/components';
import type { MoreState } from '../../hooks/use-more';
import { Banner } from '../Banner';

interface Props {
  /** The button's id; its error banner is `<id>-error`. */
  id: string;
  more: MoreState;
  hasMore: boolean;
  onMore: () => void;
  className?: string;
  /** Shown once everything is on the page (nothing when absent). */
  endText?: string;
}

/** The 加载更多 button below a list, its failure, and the line that says the list ends here. */
export function LoadMore({ id, more, hasMore, onMore, className = 'btn', endText }: Props) {
  return (
    <>
      <Banner id={`${id}-error`} text={more.problem} />
      {hasMore ? (
        <Button id={id} className={className} disabled={more.loading || undefined} onClick={onMore}>
          {more.loading ? '正在加载…' : '加载更多'}
        </Button>
      ) : endText ? (
        <Text className="muted loading-note">{endText}</Text>
      ) : null}
    </>
  );
}
