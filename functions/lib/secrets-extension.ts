/**
 * The client for Secrets Manager in the cloud: the AWS Parameters and Secrets Lambda Extension, a
 * layer the stack adds to every function (infra/constructs/app-function.ts), answering on localhost
 * with the GetSecretValue response as JSON. One HTTP GET instead of the SDK's Secrets Manager client
 * (~24 KB in every bundle, and the SDK's core in the authorizer). It answers only while a request is
 * handled, not while the function loads; its first answers after a cold start may say it is not
 * ready yet, hence the retries. Its own cache (per execution environment) adds nothing here: the app
 * asks once per container (secrets.ts).
 */

import { setTimeout as delay } from 'node:timers/promises';

/** The extension's port unless PARAMETERS_SECRETS_EXTENSION_HTTP_PORT says otherwise. */
const DEFAULT_PORT = 2773;
const TRIES = 3;
const RETRY_DELAY_MS = 100;
const TIMEOUT_MS = 3_000;

/** The secret's string (SecretString), asked of the extension; throws when it has none or the extension fails. */
export async function secretStringFromExtension(
  secretId: string,
  env: Record<string, string | undefined> = process.env,
): Promise<string> {
  // The extension refuses a request without the function's session token (its guard against SSRF).
  const token = env.AWS_SESSION_TOKEN;
  if (!token) throw new Error('secrets extension: AWS_SESSION_TOKEN is not set');
  const url = new URL(
    `http://localhost:${env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? DEFAULT_PORT}/secretsmanager/get`,
  );
  url.searchParams.set('secretId', secretId);
  let last = '';
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    if (attempt > 1) await delay(RETRY_DELAY_MS * (attempt - 1));
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        headers: { 'X-Aws-Parameters-Secrets-Token': token },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      text = await res.text();
    } catch (err) {
      last = (err as Error).message;
      continue;
    }
    if (res.ok) {
      const secret = JSON.parse(text) as { SecretString?: unknown };
      if (typeof secret.SecretString !== 'string') throw new Error('secrets extension: the secret has no SecretString');
      return secret.SecretString;
    }
    last = `status ${res.status}: ${text.slice(0, 200)}`;
    // Refused for the token or the role: asking again gets the same answer.
    if (res.status === 401 || res.status === 403) break;
  }
  throw new Error(`secrets extension: ${last}`);
}
