import { SignJWT } from 'jose';
import { config } from './config';
import { derivedKeys } from './crypto';
import { ALG, AUDIENCE, type Caller, ISSUER } from './tokens';

/** Signs our own session token (checked by tokens.ts `verifyToken`); WeChat's session_key never goes into it. */
export async function issueToken(caller: Caller): Promise<string> {
  const { token } = await derivedKeys();
  return new SignJWT({ kind: caller.kind, roles: caller.roles, staffId: caller.staffId, clinicId: caller.clinicId })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(caller.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${config.TOKEN_TTL_SECONDS}s`)
    .sign(token);
}
