/**
 * The Secrets Manager client and the one command the app sends. Loaded with `import()` when the
 * secrets are first needed: an `import()` of the package itself keeps all of its commands in the
 * bundle; this module's named imports are tree-shaken.
 */
export { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
