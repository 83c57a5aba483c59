import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/auth/authorizer';
import { derivedKeys } from '../../functions/lib/crypto';
import { issueToken } from '../../functions/lib/token-issuer';
import { ALG, AUDIENCE, ISSUER, verifyToken } from '../../functions/lib/tokens';

// The authorizer checks tokens by hand (no zod in its bundle): the same callers pass, the same claims fail.
const ask = (authorization?: string) =>
  handler({ headers: authorization ? { authorization } : {} } as unknown as APIGatewayRequestAuthorizerEventV2);

async function signed(claims: Record<string, unknown>, subject = 'u-1'): Promise<string> {
  const { token } = await derivedKeys();
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(token);
}

describe('the authorizer', () => {
  it('lets an issued token through with its caller', async () => {
    const token = await issueToken({ userId: 'u-7', kind: 'staff', roles: ['nurse'], staffId: 's-1', clinicId: 'c-1' });
    expect(await ask(`Bearer ${token}`)).toEqual({ isAuthorized: true, context: { userId: 'u-7', kind: 'staff' } });
    expect(await verifyToken(token)).toEqual({
      userId: 'u-7',
      kind: 'staff',
      roles: ['nurse'],
      staffId: 's-1',
      clinicId: 'c-1',
    });
  });

  it('gives the caller only its own fields, none absent ones', async () => {
    const token = await issueToken({ userId: 'u-8', kind: 'patient', roles: ['patient'] });
    expect(await verifyToken(token)).toEqual({ userId: 'u-8', kind: 'patient', roles: ['patient'] });
    expect(Object.keys(await verifyToken(token)).sort()).toEqual(['kind', 'roles', 'userId']);
  });

  it('refuses no token, a tampered one, and signed claims that do not describe a caller', async () => {
    const denied = { isAuthorized: false, context: { userId: '', kind: '' } };
    expect(await ask()).toEqual(denied);
    const token = await issueToken({ userId: 'u-9', kind: 'patient', roles: ['patient'] });
    expect(await ask(`Bearer ${token.slice(0, -2)}xx`)).toEqual(denied);
    for (const claims of [
      { kind: 'robot', roles: ['patient'] },
      { kind: 'staff', roles: ['superuser'] },
      { kind: 'staff', roles: 'admin' },
      { kind: 'staff', roles: ['admin'], clinicId: 7 },
      { kind: 'staff', roles: ['admin'], staffId: null },
    ]) {
      expect(await ask(`Bearer ${await signed(claims)}`), JSON.stringify(claims)).toEqual(denied);
    }
  });
});
