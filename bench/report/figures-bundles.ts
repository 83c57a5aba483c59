/** The README's figures rows of the Lambda bundles (`bundles`, `bundleFloor` in bench/results.json). */
import { type FigureRow, fmt, list, metWord, num, type Results, row } from './read';

/** Issue 12: bundle size and cold import. */
const BUNDLE_TARGET_KB = 300;
const IMPORT_TARGET_MS = 100;

export function bundles(r: Results): FigureRow {
  const b = list(r, 'bundles').filter((x) => typeof x.KB === 'number');
  const target = `<= ${BUNDLE_TARGET_KB} KB, <= ${IMPORT_TARGET_MS} ms (issue 12)`;
  const what = `Lambda bundles as deployed (${b.length || 'none'}; \`infra/bundling.ts\` builds both the stack's and the bench's)`;
  if (!b.length) return row(what, undefined, target);
  const kbs = b.map((x) => x.KB as number);
  const timed = b.map((x) => num(x, 'importMs.median')).filter((m): m is number => m !== undefined);
  const ms = timed.length ? timed : [Number.NaN];
  const bySize = [...b].sort((x, y) => (x.KB as number) - (y.KB as number));
  const named = [...bySize.slice(0, 2), ...bySize.slice(-3).reverse()]
    .map((x) => `${x.name} ${fmt(x.KB as number)}`)
    .join(', ');
  const sizeMet = kbs.filter((k) => k <= BUNDLE_TARGET_KB).length;
  const timeMet = timed.filter((m) => m <= IMPORT_TARGET_MS).length;
  const met = sizeMet === b.length && timeMet === b.length;
  return row(
    what,
    `${fmt(Math.min(...kbs))}–${fmt(Math.max(...kbs))} KB (${named}), ${timed.length ? `imported in ${fmt(Math.min(...ms))}–${fmt(Math.max(...ms))} ms` : 'import not timed'}`,
    `${target}: ${metWord(met)} (size met by ${sizeMet} of ${b.length}, import time by ${timeMet} of ${b.length})`,
  );
}

/**
 * The floor of the stack (bench/bundle-floor/): how much of the size target is left for a group's
 * routes, and what the AWS SDK's DynamoDB client, which the store client replaced, costs instead.
 */
export function bundleFloor(r: Results): FigureRow {
  const all = list(r, 'bundleFloor').filter((x) => typeof x.KB === 'number');
  const f = all.filter((x) => !x.alternative);
  const sdk = all.find((x) => x.alternative);
  const what = `what every API bundle starts from (no route code: store client; + middy, logger; + zod${sdk ? "; for comparison, the AWS SDK's store client it replaced" : ''})`;
  const target = `<= ${BUNDLE_TARGET_KB} KB leaves room for the routes`;
  if (!f.length) return row(what, undefined, target);
  const last = f.at(-1) as (typeof f)[number];
  const sized = (x: (typeof f)[number], digits = 0) =>
    `${fmt(x.KB as number, digits)} KB / ${fmt(num(x, 'importMs.median') ?? Number.NaN)} ms`;
  return row(
    what,
    [...f.map((x) => sized(x, 1)), ...(sdk ? [`SDK's store client: ${sized(sdk, 1)}`] : [])].join('; '),
    `${target}: ${(last.KB as number) < BUNDLE_TARGET_KB ? `${fmt(BUNDLE_TARGET_KB - (last.KB as number))} KB left` : 'none left'}`,
  );
}
