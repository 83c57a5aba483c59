import Taro from '@tarojs/taro';

const STORE = 'pl_idem_keys';
// The server remembers a key for a day; an unanswered action older than that is a new one.
const LIFETIME_MS = 20 * 3600_000;
const MAX_KEPT = 30;

type Kept = Record<string, { key: string; at: number }>;

// Kept on the device too: an app closed after a lost answer retries with the same key next time.
function load(): Kept {
  try {
    const k = Taro.getStorageSync(STORE) as Kept | '';
    return k && typeof k === 'object' ? k : {};
  } catch {
    return {};
  }
}

function save(kept: Kept): void {
  try {
    Taro.setStorageSync(STORE, kept);
  } catch {
    // storage full or unavailable: the key still lives for this page
  }
}

/** A random key: time plus 100 random bits. */
export function newKey(): string {
  const r = () => Math.random().toString(36).slice(2, 12);
  return `${Date.now().toString(36)}-${r()}-${r()}`;
}

/** The key of an action not yet answered (the same fingerprint), or a new one. */
export function keyFor(fingerprint: string): string {
  const kept = load();
  const now = Date.now();
  const found = kept[fingerprint];
  if (found && now - found.at < LIFETIME_MS) return found.key;
  const fresh = Object.entries(kept)
    .filter(([, v]) => now - v.at < LIFETIME_MS)
    .sort((a, b) => b[1].at - a[1].at)
    .slice(0, MAX_KEPT - 1);
  const key = newKey();
  save({ ...Object.fromEntries(fresh), [fingerprint]: { key, at: now } });
  return key;
}

/** The action got its answer: forget its key. */
export function settleKey(fingerprint: string): void {
  const kept = load();
  if (!(fingerprint in kept)) return;
  delete kept[fingerprint];
  save(kept);
}
