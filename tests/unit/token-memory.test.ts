import { afterEach, describe, expect, it, vi } from 'vitest';
import { issueToken } from '../../functions/lib/token-issuer';
import { TOKEN_MEMORY_MS, verifyToken } from '../../functions/lib/tokens';

// Counts the signature checks jose makes, passing each on to the real one.
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock('jose', async (original) => {
  const jose = await original<typeof import('jose')>();
  return {
    ...jose,
    jwtVerify: (...args: Parameters<typeof jose.jwtVerify>) => {
      checks.count++;
      return jose.jwtVerify(...args);
    },
  };
});

afterEach(() => {
  vi.useRealTimers();
});

describe('a verified token, remembered per container', () => {
  it('is checked once while remembered, and again once its memory has lapsed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const token = await issueToken({ userId: 'u-m1', kind: 'staff', roles: ['service'], staffId: 's-1' });
    checks.count = 0;
    const first = await verifyToken(token);
    expect(await verifyToken(token)).toEqual(first);
    expect(checks.count).toBe(1);
    vi.setSystemTime(Date.now() + TOKEN_MEMORY_MS);
    expect(await verifyToken(token)).toEqual(first);
    expect(checks.count).toBe(2);
  });

  it('answers a caller of its own each time: changing one does not change the next', async () => {
    const token = await issueToken({ userId: 'u-m2', kind: 'staff', roles: ['nurse'], staffId: 's-2' });
    const first = await verifyToken(token);
    first.roles.push('admin');
    first.userId = 'someone else';
    expect(await verifyToken(token)).toEqual({ userId: 'u-m2', kind: 'staff', roles: ['nurse'], staffId: 's-2' });
  });

  it('is refused once it expires, remembered or not', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const token = await issueToken({ userId: 'u-m3', kind: 'patient', roles: ['patient'] });
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as { exp: number };
    vi.setSystemTime(exp * 1000 - 1000);
    expect((await verifyToken(token)).userId).toBe('u-m3');
    checks.count = 0;
    vi.setSystemTime(exp * 1000);
    await expect(verifyToken(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(checks.count).toBe(0);
  });

  it('remembers no refusal: a tampered copy is checked, and refused, every time', async () => {
    const token = await issueToken({ userId: 'u-m4', kind: 'patient', roles: ['patient'] });
    const tampered = `${token.slice(0, -2)}xx`;
    checks.count = 0;
    await expect(verifyToken(tampered)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verifyToken(tampered)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(checks.count).toBe(2);
    expect((await verifyToken(token)).userId).toBe('u-m4');
  });
});
