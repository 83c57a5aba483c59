import type { Server } from 'node:http';
import { startLocalServer } from '../../scripts/local/server';
import { checkAnswer } from './answer-check';

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Api {
  url: string;
  call<T = any>(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<ApiAnswer<T>>;
  login(openid: string, role?: string): Promise<string>;
  close(): Promise<void>;
}

/** The local HTTP server (same route table and handlers as the cloud) on a free port. */
export async function startApi(): Promise<Api> {
  const { server, url } = await startLocalServer({ port: 0, local: true });
  const call: Api['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (CSV, PNG): leave as text
    }
    checkAnswer(method, path, res.status, res.headers.get('content-type') ?? '', parsed);
    return { status: res.status, body: parsed as any, headers: res.headers };
  };
  return {
    url,
    call,
    async login(openid, role) {
      // Staff made by a test belong to the test clinic (the store also holds the seeded demo clinics).
      const res = await call('POST', '/v1/auth/dev', {
        body: role ? { openid, role, clinicId: 'c_test' } : { openid },
      });
      if (res.status !== 200) throw new Error(`login ${openid} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    close: () => new Promise<void>((ok) => (server as Server).close(() => ok())),
  };
}

const issued = new Set<string>();
/** A mobile number no other test uses: 15 + 9 random digits (a billion choices), never repeated here. */
export function uniquePhone(): string {
  for (;;) {
    const phone = `15${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
    if (!issued.has(phone)) {
      issued.add(phone);
      return phone;
    }
  }
}

/** A unique openid for one test's WeChat account. */
export function uniqueOpenid(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A valid patient registration body. */
export function profile(overrides: Record<string, unknown> = {}) {
  return {
    name: '测试患者',
    gender: 'female',
    birthDate: '1988-03-15',
    phone: uniquePhone(),
    relation: 'self',
    consents: { healthData: true, marketing: false },
    ...overrides,
  };
}

/** A valid resident ID number for a birth date (area 110105, sequence 002). */
export function idCardFor(birthDate: string, seq = '002'): string {
  const first17 = `110105${birthDate.replace(/-/g, '')}${seq}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'[sum % 11];
}
