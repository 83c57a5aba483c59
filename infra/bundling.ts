import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/** Where the build runs (the repo root). */
const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Packages a function loads only when its configuration asks for them (a dynamic `import()`): left
 * out of every bundle, and installed beside the bundle only where that configuration is deployed.
 */
export const onDemandModules = ['tencentcloud-sdk-nodejs-sms', 'qrcode'] as const;

/**
 * The on-demand packages a function with this environment does load: the China SMS SDK where
 * SMS_PROVIDER is tencent; the QR-code drawer (~57 KB with pngjs) only for the local WeChat stand-in
 * (WECHAT_MODE local), which a deployed stack never runs.
 */
export function onDemandModulesFor(environment: Record<string, string>): string[] {
  return [
    ...(environment.SMS_PROVIDER === 'tencent' ? ['tencentcloud-sdk-nodejs-sms'] : []),
    ...(environment.WECHAT_MODE === 'local' ? ['qrcode'] : []),
  ];
}

/**
 * How every Lambda bundle is built, in NodejsFunction's terms: the stack (infra/constructs/app-function.ts)
 * passes these props, the bench (bench/sections/bundles.ts) and tests build with `esbuildOptions`, so the
 * bundle measured is the bundle deployed.
 */
export const lambdaBundling = {
  format: 'esm',
  // The Lambda runtime is nodejs22.x (app-function.ts).
  target: 'node22',
  minify: true,
  sourceMap: true,
  // The map says where each line came from, without a copy of the sources: a third of its size, and
  // the scheduled function (which parses it at start, below) starts ~10 ms sooner.
  sourcesContent: false,
  // ESM builds of dependencies first: smaller than their CommonJS builds and tree-shaken.
  mainFields: ['module', 'main'],
  // esbuild's ESM output has no `require`; CommonJS dependencies inside the bundle need one.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  // Everything is bundled (the functions use no SDK client: functions/lib/aws-http.ts), and what is
  // bundled is the version in package-lock. Only packages loaded on demand stay out, installed where
  // the configuration uses them.
  externalModules: [...onDemandModules],
  workingDirectory: '/asset-input',
} as const;

/**
 * NODE_OPTIONS by who waits on a cold start (the bench imports each bundle with its own). Every bundle
 * ships its source map (index.mjs.map, `sourceMap` above), but `--enable-source-maps` makes Node parse
 * it at start: 30–40 ms more per cold start measured here. The API functions and the authorizer, where
 * a person waits, go without (a logged stack trace is mapped with the deployed .map afterwards); the
 * scheduled jobs, which nobody waits on and whose failures are read from the logs, keep mapped traces.
 */
export const lambdaNodeOptions = { api: '', job: '--enable-source-maps' } as const;
export type FunctionKind = keyof typeof lambdaNodeOptions;

/** The same build as esbuild options (NodejsFunction runs `esbuild --bundle --platform=node` with the props above). */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: lambdaBundling.format,
    target: lambdaBundling.target,
    minify: lambdaBundling.minify,
    sourcemap: lambdaBundling.sourceMap,
    sourcesContent: lambdaBundling.sourcesContent,
    mainFields: [...lambdaBundling.mainFields],
    banner: { js: lambdaBundling.banner },
    external: [...lambdaBundling.externalModules],
    absWorkingDir: projectRoot,
    logLevel: 'silent',
  };
}
