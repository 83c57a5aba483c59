// 在线咨询 (staff): how long a question has waited; import-free (like plan-form.ts), so unit tests run it as it is.

/** Two hours without an answer: the card turns orange. */
export const LONG_WAIT_MS = 2 * 3600_000;

/** How long since an instant, as staff read it at a glance: 刚刚, 25 分钟, 2 小时 5 分, 3 天. */
export function waitedText(since: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
  if (minutes < 1) return '刚刚';
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} 小时 ${minutes % 60} 分` : `${hours} 小时`;
  return `${Math.floor(hours / 24)} 天`;
}

export function waitedLong(since: string, now = Date.now()): boolean {
  return now - Date.parse(since) >= LONG_WAIT_MS;
}
