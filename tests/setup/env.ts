import { inject } from 'vitest';
import { testEnv } from './test-env';

// Runs in each test worker before any test file is imported: the functions read this at load.
Object.assign(process.env, testEnv(inject('dynamoEndpoint')));
