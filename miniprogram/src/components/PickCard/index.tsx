import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

interface Props {
  id: string;
  name: string;
  chosen: boolean;
  onPick: () => void;
  /** Beside the name (a VIP mark). */
  badge?: ReactNode;
  /** Under the name: what tells one choice from another (an address, a phone). */
  children?: ReactNode;
}

/** One choice of a short list as a whole card to tap, ticked when chosen. */
export default function PickCard({ id, name, chosen, onPick, badge, children }: Props) {
  return (
    <View id={id} className={`pick${chosen ? ' pick-on' : ''}`} onClick={onPick}>
      <Text className="line-strong">
        {chosen ? '✓ ' : ''}
        {name}
        {badge}
      </Text>
      {children}
    </View>
  );
}
