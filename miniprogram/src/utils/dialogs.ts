import Taro from '@tarojs/taro';
import { DANGER } from '../styles/tokens';

/** A message with one button, 知道了: for what needs reading in full (a toast cuts it short). */
export function notice(title: string, content: string): void {
  Taro.showModal({ title, content, showCancel: false, confirmText: '知道了' });
}

/** Asks before a step that cannot be taken back, the confirming button in red; true when confirmed. */
export async function confirmDanger(question: {
  title: string;
  content: string;
  confirmText: string;
  cancelText: string;
}): Promise<boolean> {
  return (await Taro.showModal({ ...question, confirmColor: DANGER })).confirm;
}
