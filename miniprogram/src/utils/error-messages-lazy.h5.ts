/**
 * H5: Taro's dialog and toast code (~7 KB gzipped) is fetched when the first error is shown, not with
 * the first screen, which only needs it when a call fails. The message shows a moment later.
 */
export function showErrorMessage(message: string): void {
  void import('./error-messages').then((m) => m.showErrorMessage(message));
}
