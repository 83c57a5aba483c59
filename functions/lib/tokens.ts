import { jwtVerify } from 'jose';
import { UnauthenticatedError } from '../../shared/errors';
import { type Role, staffRoles } from '../../shared/roles';
import { containerCache } from './container-cache';
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

/** A caller, and when its token stops being valid (epoch seconds; none: never). */
interface Verified {
  caller: Caller;
  exp: number | undefined;
}

/**
 * A token that passed is remembered per container for this long, and never past its own expiry:
 * the same string signed the same way passes again, so its HMAC (and the key's import) is not done
 * on every request of a session. A deactivated staff member is not this check's business: the
 * active-caller check reads the store on every request (auth/active-caller.ts).
 */
export const TOKEN_MEMORY_MS = 5 * 60_000;

const verified = containerCache<Verified>('verifiedTokens', TOKEN_MEMORY_MS, async (token) => {
  const { token: key } = await derivedKeys();
  const { payload } = await jwtVerify(token, key, { algorithms: [ALG], issuer: ISSUER, audience: AUDIENCE });
  return { caller: callerFromClaims({ ...payload, userId: payload.sub }), exp: payload.exp };
});

/** Verifies algorithm, signature, issuer, audience and expiry; anything wrong is a 401. */
export async function verifyToken(token: string): Promise<Caller> {
  // Real time, as jose's own expiry check: a token's life is not the requests' clock (clock.ts).
  const now = new Date();
  try {
    const { caller, exp } = await verified.get(token, now);
    // jose's rule: expired once `exp` is not after the current second.
    if (exp !== undefined && exp <= Math.floor(now.getTime() / 1000)) throw new Error('token expired');
    return { ...caller, roles: [...caller.roles] };
  } catch {
    throw new UnauthenticatedError('登录已失效，请重新登录');
  }
}

/** The bearer token of an Authorization header, if any. */
export function bearer(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}
