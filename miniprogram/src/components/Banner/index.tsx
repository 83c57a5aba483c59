import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

interface Props {
  id?: string;
  /** The message; a banner with no text, title or children shows nothing. */
  text?: string;
  kind?: 'error' | 'warn' | 'info';
  /** A bold first line (✓ 预约成功). */
  title?: string;
  /** What follows the text: more lines, a button. */
  children?: ReactNode;
}

/** A page-level message: an error (red), a warning (amber) or a note (blue); nothing when empty. */
export function Banner({ id, text, kind = 'error', title, children }: Props) {
  if (!text && !title && !children) return null;
  return (
    <View className={`banner banner-${kind}`} id={id}>
      {title ? <Text className="banner-title">{title}</Text> : null}
      {text ? <Text className="banner-line">{text}</Text> : null}
      {children}
    </View>
  );
}
