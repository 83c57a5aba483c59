import path from 'node:path';
import { defineConfig } from '@tarojs/cli';

const sharedDir = path.resolve(__dirname, '../../shared');

export default defineConfig(() => ({
  projectName: 'patientloop',
  date: '2026-11-01',
  designWidth: 375,
  deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
  sourceRoot: 'src',
  outputRoot: `dist/${process.env.TARO_ENV}`,
  framework: 'react',
  compiler: 'webpack5',
  plugins: [],
  // Persistent webpack cache: a rebuild takes seconds.
  cache: { enable: true, cacheDirectory: path.resolve(__dirname, '../.cache/webpack') },
  alias: { '@shared': sharedDir },
  // Chinese text stays UTF-8 (3 bytes a character) instead of \uXXXX escapes (6): Taro's default
  // ascii_only nearly doubles every Chinese string in the weapp main package, which is at its budget.
  // H5: Taro's defaults keep every function's name and quote every object key (keep_fnames, quote_keys);
  // nothing here reads a function's name, and unquoted keys are the same JavaScript: ~4 KB (gzipped) less
  // on the H5 first load. The mini-program's defaults already are these.
  terser: {
    enable: true,
    config: {
      keep_fnames: false,
      compress: { passes: 2 },
      output: { ascii_only: false, quote_keys: false, keep_quoted_props: false },
    },
  },
  mini: {
    // Taro unrolls its recursive template this many levels into base.wxml (main package), 3–4 KB a level;
    // deeper nodes go through its custom component instead (the same result, a little slower). 16 is the default.
    baseLevel: 12,
    // The repo's shared/ domain code (zod schemas) is TypeScript outside src: compile it too.
    compile: { include: [sharedDir] },
    postcss: {
      pxtransform: { enable: true, config: {} },
      cssModules: { enable: false },
    },
  },
  h5: {
    publicPath: '/',
    staticDirectory: 'static',
    router: { mode: 'hash' },
    compile: { include: [sharedDir] },
    // Taro splits only initial chunks: each lazy page chunk would carry its own copy of zod and
    // the components. Splitting async chunks too shares them.
    webpackChain(chain) {
      chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all' });
      // Taro's H5 request imports polyfills of fetch and AbortController for browsers without them
      // (IE 11, iOS before 12.1); the WeChat and system browsers this app opens in have both. Left
      // out, the first load carries ~6 KB (gzipped) less JavaScript.
      chain.resolve.alias.set('whatwg-fetch$', false);
      chain.resolve.alias.set('abortcontroller-polyfill/dist/abortcontroller-polyfill-only$', false);
      // Its JSONP transport (`jsonp: true`, which this app never asks for) brings jsonp-retry: ~2 KB more.
      chain.resolve.alias.set('jsonp-retry$', false);
      // The H5 platform plugin registers the pull-down-refresh element on every start (~2 KB gzipped);
      // only a page whose config sets enablePullDownRefresh uses it, and none does.
      chain.plugin('mainPlugin').tap(([options, ...rest]) => {
        const meta = options.loaderMeta ?? {};
        const drop = (code = '') => code.replace(/^.*PullToRefreshCore.*$\n?/gm, '');
        return [
          {
            ...options,
            loaderMeta: {
              ...meta,
              extraImportForWeb: drop(meta.extraImportForWeb),
              execBeforeCreateWebApp: drop(meta.execBeforeCreateWebApp),
            },
          },
          ...rest,
        ];
      });
    },
    postcss: {
      autoprefixer: { enable: true, config: {} },
      cssModules: { enable: false },
    },
  },
}));
