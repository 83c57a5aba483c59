import { Text, View } from '@tarojs/components';

/** A page-level message: an error (red), a warning (amber) or a note (blue); nothing when empty. */
export function Banner({ id, text, kind = 'error' }: { id?: string; text?: string; kind?: 'error' | 'warn' | 'info' }) {
  if (!text) return null;
  return (
    <View className={`banner banner-${kind}`} id={id}>
      <Text className="banner-line">{text}</Text>
    </View>
  );
}
