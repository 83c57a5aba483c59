import { jwtVerify, SignJWT } from 'jose';
import * as z from 'zod';
import { UnauthenticatedError } from '../../shared/errors';
import { staffRoles } from '../../shared/roles';
import { config } from './config';
import { derivedKeys } from './crypto';

const ISSUER = 'patientloop';
const AUDIENCE = 'patientloop-api';
const ALG = 'HS256';

/** Who is calling, as carried in the session token. */
export const callerSchema = z.object({
  userId: z.string(),
  kind: z.enum(['patient', 'staff']),
  roles: z.array(z.enum([...staffRoles, 'patient'])),
  staffId: z.string().optional(),
  clinicId: z.string().optional(),
});
export type Caller = z.infer<typeof callerSchema>;

/** Signs our own session token; WeChat's session_key never goes into it. */
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

/** Verifies algorithm, signature, issuer, audience and expiry; anything wrong is a 401. */
export async function verifyToken(token: string): Promise<Caller> {
  const { token: key } = await derivedKeys();
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: [ALG], issuer: ISSUER, audience: AUDIENCE });
    return callerSchema.parse({ ...payload, userId: payload.sub });
  } catch {
    throw new UnauthenticatedError('登录已失效，请重新登录');
  }
}

/** The bearer token of an Authorization header, if any. */
export function bearer(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}
