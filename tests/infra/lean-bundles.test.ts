import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { build, type Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../functions/lib/http';
import { esbuildOptions } from '../../infra/bundling';
import { AppFunction } from '../../infra/constructs/app-function';
import { handlerGroups } from '../../shared/routes';

// What the deployed bundles leave out (infra/bundling.ts, built as the stack builds them): the AWS
// SDK's clients everywhere, zod in the authorizer, the messaging group's local-only dev routes,
// the idempotency records around the work where no route of the group keeps its key that way.

const dir = await mkdtemp(join(os.tmpdir(), 'patientloop-lean-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The files a bundle is made of (metafile inputs), as built for the stack. */
async function inputsOf(entry: string): Promise<string[]> {
  const out = await build({
    ...esbuildOptions(entry, join(dir, 'x', 'index.mjs')),
    sourcemap: false,
    write: false,
    metafile: true,
  });
  return inputFiles(out.metafile);
}

const inputFiles = (meta: Metafile) =>
  Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs).filter((f) => o.inputs[f]!.bytesInOutput > 0));

// Any AWS SDK client, its core or its credential chain (the functions sign their own requests:
// functions/lib/aws-http.ts). Only util-dynamodb, the item converter, is bundled from the SDK.
const SDK_CLIENTS = /node_modules\/(@smithy\/|@aws-sdk\/(?!util-dynamodb\/))/;

/** The store client, bundled as a function bundles it, sending one GetItem to `ENDPOINT` and printing the item. */
const SIGNING_ENTRY = `import { GetCommand, StoreClient } from './functions/lib/store-client';
const db = new StoreClient({ region: 'cn-north-1', endpoint: process.env.ENDPOINT });
const out = await db.send(new GetCommand({ TableName: 't', Key: { pk: 'a', sk: 'b' } }));
console.log(JSON.stringify(out.Item));`;

describe('AWS calls in the deployed bundles', () => {
  it('hold no SDK client, and a bundled store client signs with the credentials Lambda puts in the environment', async () => {
    const outfile = join(dir, 'signing', 'index.mjs');
    const { entryPoints: _, ...options } = esbuildOptions('unused.ts', outfile);
    const out = await build({
      ...options,
      stdin: { contents: SIGNING_ENTRY, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'signing.ts' },
      metafile: true,
    });
    const inputs = inputFiles(out.metafile);
    expect(inputs.filter((f) => SDK_CLIENTS.test(f))).toEqual([]);
    expect(inputs).toContain('functions/lib/aws-http.ts');

    // A stand-in DynamoDB on the loopback records the request's signature.
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/x-amz-json-1.0');
        res.end('{"Item":{"pk":{"S":"a"},"n":{"N":"7"}}}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      // Only the variables Lambda sets: no profile, no config files (HOME is empty), no metadata service.
      const home = await mkdtemp(join(dir, 'home-'));
      const child = spawn(process.execPath, [outfile], {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          ENDPOINT: `http://127.0.0.1:${port}`,
          AWS_ACCESS_KEY_ID: 'TEST-ENV-ONLY-KEY-ID',
          AWS_SECRET_ACCESS_KEY: 'env-secret-not-real',
          AWS_SESSION_TOKEN: 'env-session-token',
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const [code] = await once(child, 'exit');
      expect(code, stderr).toBe(0);
      expect(stdout.trim()).toBe('{"pk":"a","n":7}');
    } finally {
      server.close();
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]!.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=TEST-ENV-ONLY-KEY-ID\/\d{8}\/cn-north-1\/dynamodb\//,
    );
    expect(seen[0]!['x-amz-security-token']).toBe('env-session-token');
    expect(seen[0]!['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
  });

  it('are made without the SDK in every function: each API group, the authorizer and the scheduled jobs', async () => {
    const entries = [
      ...handlerGroups.map((g) => `functions/${g}/index.ts`),
      'functions/auth/authorizer.ts',
      'functions/scheduled/index.ts',
    ];
    for (const entry of entries) {
      const inputs = await inputsOf(entry);
      expect(
        inputs.filter((f) => SDK_CLIENTS.test(f)),
        entry,
      ).toEqual([]);
    }
    // The photo groups reach S3, the scheduled jobs SNS, the same way.
    expect(await inputsOf('functions/consult/index.ts')).toContain('functions/lib/photo-store.ts');
    expect(await inputsOf('functions/scheduled/index.ts')).toContain('functions/lib/sms-sns.ts');
  }, 120_000);
});

describe('the authorizer bundle', () => {
  it('checks tokens without zod and without the functions configuration', async () => {
    const inputs = await inputsOf('functions/auth/authorizer.ts');
    expect(inputs.filter((f) => /node_modules\/zod\//.test(f))).toEqual([]);
    expect(inputs).not.toContain('functions/lib/config.ts');
    expect(inputs).toContain('functions/lib/tokens.ts');
  });

  it('reads the app secret through the extension, with no AWS code but that', async () => {
    const inputs = await inputsOf('functions/auth/authorizer.ts');
    expect(inputs.filter((f) => /node_modules\/@(aws-sdk|smithy)\//.test(f))).toEqual([]);
    expect(inputs).not.toContain('functions/lib/aws-http.ts');
    expect(inputs).toContain('functions/lib/secrets-extension.ts');
  });
});

describe('the messaging bundle', () => {
  it('leaves the local-only dev routes (and the jobs they run) out', async () => {
    const inputs = await inputsOf('functions/messaging/index.ts');
    expect(inputs).toContain('functions/messaging/centre-handlers.ts');
    expect(inputs).not.toContain('functions/messaging/dev-handlers.ts');
    expect(inputs).not.toContain('functions/messaging/dev-service.ts');
    expect(inputs).not.toContain('functions/scheduled/jobs.ts');
  });
});

describe('Idempotency-Keys kept around the work', () => {
  it('are bundled in exactly the groups with a route that keeps its key that way', async () => {
    const found = await Promise.all(
      handlerGroups.map(async (group) => {
        const { handlers } = (await import(`../../functions/${group}/handlers.ts`)) as {
          handlers: Record<string, Endpoint>;
        };
        const keeps = Object.values(handlers).some((h) => h.spec.keptBy !== undefined);
        const inputs = await inputsOf(`functions/${group}/index.ts`);
        expect(
          inputs.filter((f) => f.includes('node_modules/@aws-lambda-powertools/idempotency/')),
          group,
        ).toEqual([]);
        return { group, keeps, bundled: inputs.includes('functions/lib/idempotency.ts') };
      }),
    );
    for (const f of found) expect(f.bundled, f.group).toBe(f.keeps);
    // Both kinds are there: a group that keeps keys around its work, and one that does not.
    expect(found.filter((f) => f.keeps).map((f) => f.group)).toContain('campaigns');
    expect(found.filter((f) => !f.keeps).map((f) => f.group)).toContain('clinics');
  }, 120_000);
});

describe('the stack and the bench', () => {
  it('build the very same bundle: CDK bundling an AppFunction gives byte for byte what esbuildOptions gives', async () => {
    // A group with the store client in its bundle.
    const entry = 'functions/clinics/index.ts';
    const outdir = join(dir, 'cdk.out');
    const app = new App({ outdir });
    const stack = new Stack(app, 'BundleCheck', { env: { account: '111111111111', region: 'cn-north-1' } });
    const key = { partitionKey: { name: 'pk', type: AttributeType.STRING } };
    new AppFunction(stack, 'Clinics', {
      entry: join(process.cwd(), entry),
      description: 'bundle check',
      // As the stack builds its functions in a China region (the extension's layer there is x86_64 only).
      architecture: Architecture.X86_64,
      projectRoot: process.cwd(),
      data: {
        mainTable: new Table(stack, 'Main', key),
        idempotencyTable: new Table(stack, 'Idem', key),
        appSecret: new Secret(stack, 'S'),
      },
      environment: {},
    });
    const assembly = app.synth();
    const assets = (await readdir(assembly.directory)).filter((d) => d.startsWith('asset.'));
    const deployed = await Promise.all(
      assets.map((a) => readFile(join(assembly.directory, a, 'index.mjs'), 'utf8').catch(() => undefined)),
    );
    const cdkBundle = deployed.filter((c) => c !== undefined);
    expect(cdkBundle).toHaveLength(1);

    const benched = await build({ ...esbuildOptions(entry, join(dir, 'bench', 'index.mjs')), write: false });
    const benchBundle = benched.outputFiles.find((f) => f.path.endsWith('index.mjs'))!.text;
    expect(cdkBundle[0]).toBe(benchBundle);
    // And it is the lean build: the project's store client, no SDK client's credential chain.
    expect(cdkBundle[0]).toContain('DynamoDB_20120810.');
    expect(cdkBundle[0]).not.toContain('AWS_WEB_IDENTITY_TOKEN_FILE');
    // Its source map names where each line came from, without a copy of the sources.
    const maps = await Promise.all(
      assets.map((a) => readFile(join(assembly.directory, a, 'index.mjs.map'), 'utf8').catch(() => undefined)),
    );
    const map = JSON.parse(maps.find((m) => m !== undefined)!) as { sources: string[]; sourcesContent?: unknown };
    expect(map.sources.some((f) => f.endsWith('functions/lib/tokens.ts'))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
  }, 120_000);
});
