import { jwtVerify } from 'jose';
import { UnauthenticatedError } from '../../shared/errors';
import { type Role, staffRoles } from '../../shared/roles';
import { derivedKeys } from './crypto';

// Checking a token loads no zod and not the function's whole configuration (functions/lib/config.ts):
// the authorizer is this file, its key and jose. Issuing one is token-issuer.ts.
export const ISSUER = 'patientloop';
export const AUDIENCE = 'patientloop-api';
export const ALG = 'HS256';

/** Who is calling, as carried in the session token (a type, not an interface: callers are built from plain records in tests). */
export type Caller = {
  userId: string;
  kind: 'patient' | 'staff';
  roles: Role[];
  staffId?: string;
  clinicId?: string;
};

const roles: readonly string[] = [...staffRoles, 'patient'];
const isString = (v: unknown): v is string => typeof v === 'string';

/** The caller a verified token's claims describe (only the fields above), or an error if they do not fit. */
export function callerFromClaims(claims: Record<string, unknown>): Caller {
  const { userId, kind, roles: claimed, staffId, clinicId } = claims;
  const fits =
    isString(userId) &&
    (kind === 'patient' || kind === 'staff') &&
    Array.isArray(claimed) &&
    claimed.every((r) => isString(r) && roles.includes(r)) &&
    (staffId === undefined || isString(staffId)) &&
    (clinicId === undefined || isString(clinicId));
  if (!fits) throw new Error('token claims do not describe a caller');
  return {
    userId,
    kind,
    roles: [...claimed] as Role[],
    ...('staffId' in claims ? { staffId } : {}),
    ...('clinicId' in claims ? { clinicId } : {}),
  };
}

/** Verifies algorithm, signature, issuer, audience and expiry; anything wrong is a 401. */
export async function verifyToken(token: string): Promise<Caller> {
  const { token: key } = await derivedKeys();
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: [ALG], issuer: ISSUER, audience: AUDIENCE });
    return callerFromClaims({ ...payload, userId: payload.sub });
  } catch {
    throw new UnauthenticatedError('登录已失效，请重新登录');
  }
}

/** The bearer token of an Authorization header, if any. */
export function bearer(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}
