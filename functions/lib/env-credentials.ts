/**
 * Stands in for `@aws-sdk/credential-provider-node` in the deployed bundles only (the esbuild alias in
 * infra/bundling.ts): Lambda hands a function its role's credentials in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the SDK's default chain (SSO, ini
 * files, processes, web identity, instance metadata and the nested STS/SSO clients, ~130 KB) is never
 * needed there. Tests and `npm start` run unbundled and keep the normal chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The same name and call as the chain's: every client's runtime config calls `defaultProvider(config)`. */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
