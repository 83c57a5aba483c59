import Taro from '@tarojs/taro';
import { notice } from './dialogs';

/** A failed call's message: a toast when short, a dialog to read in full when longer than a toast holds. */
export function showErrorMessage(message: string): void {
  if (message.length > 14) {
    notice('提示', message);
  } else {
    Taro.showToast({ title: message, icon: 'none', duration: 3000 });
  }
}
