import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { bearer, verifyToken } from '../lib/tokens';

/**
 * API Gateway's first check on protected routes: a valid session token. Roles are checked again
 * in each function against the same route table, so a token alone never opens a staff route.
 */
export async function handler(
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<{ userId: string; kind: string }>> {
  const token = bearer(event.headers?.authorization ?? event.identitySource?.[0]);
  try {
    if (!token) throw new Error('no token');
    const caller = await verifyToken(token);
    return { isAuthorized: true, context: { userId: caller.userId, kind: caller.kind } };
  } catch {
    return { isAuthorized: false, context: { userId: '', kind: '' } };
  }
}
