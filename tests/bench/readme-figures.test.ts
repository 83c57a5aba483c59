import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULTS_PATH, ROOT } from '../../bench/harness/config';
import { figureRows, renderFigures } from '../../bench/report/figures-paths';
import { FIGURES_END, FIGURES_START, withFigures } from '../../bench/report/readme-figures';
import { renderScale } from '../../bench/report/scale';

const committed = JSON.parse(readFileSync(RESULTS_PATH, 'utf8'));
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** A small run: one load figure per path and the sections the scale page reads. */
const load = (opsPerSec: number) => ({ opsPerSec, latencyMs: { p50: 10, p95: 20, p99: 30, max: 40, mean: 12 } });
const path = (roundTrips: number, ratio: number) => ({
  route: 'POST /v1/x',
  roundTrips,
  roundTripsTarget: 2,
  commands: roundTrips + 1,
  byCommand: { GetItemCommand: 1 },
  readUnits: 1.5,
  writeUnits: 4,
  load: load(70),
  bare: { ...load(100), replayed: 'load', requests: 800, refused: 800 },
  ratio,
  ratioTarget: 0.7,
  met: roundTrips <= 2 && ratio >= 0.7,
});
const fixture = {
  measuredAt: '2031-01-02T03:04:05.000Z',
  machine: { cpus: 2, node: 'v20' },
  registration: load(50),
  putItem: load(100),
  transactWrite: load(60),
  ratio: 0.5,
  ratioTarget: 0.7,
  h5: { files: [{ path: 'js/app.js', bytes: 1000, gzipBytes: 400 }], totalGzipKB: 0.4, targetKB: 120, met: true },
  paths: Object.fromEntries(
    ['registration', 'booking', 'checkIn', 'ticketStatus', 'board', 'surveyAnswer', 'followUpOutcome'].map((p) => [
      p,
      path(2, 0.8),
    ]),
  ),
  checkInBurst: { checkIns: 1000, distinct: 1000, contiguous: true, errors: 0, p99Ms: 4200, met: true },
  scheduledJobs: {
    jobs: [{ job: 'birthday-greeting', due: 10, storeItemsRead: 11, plannedPerSec: 1200, counts: { planned: 10 } }],
    sender: { sent: 10, messagesPerSec: 50, commands: { UpdateItemCommand: 20, GetItemCommand: 10 } },
  },
};

/** The text between the README's figures markers. */
const between = (text: string) =>
  text.slice(text.indexOf(FIGURES_START) + FIGURES_START.length, text.indexOf(FIGURES_END));

describe('figures generated from bench/results.json', () => {
  it("the README's table is what the committed results render", () => {
    expect(between(readme).trim()).toBe(renderFigures(committed).trim());
  });

  it('docs/scale.md is what the committed results render', () => {
    expect(readFileSync(join(ROOT, 'docs', 'scale.md'), 'utf8')).toBe(renderScale(committed));
  });

  it('a small run renders both pages without NaN, undefined or Infinity', () => {
    for (const text of [renderFigures(fixture), renderScale(fixture)]) {
      expect(text).not.toMatch(/NaN|undefined|Infinity|∞/);
    }
    expect(renderScale(fixture)).toContain('measured (ConsumedCapacity, round-trip probe)');
  });

  it('sections a run did not measure read "not measured", and nothing breaks on an empty run', () => {
    const rows = figureRows({});
    expect(rows.every((r) => r.measured === 'not measured')).toBe(true);
    expect(renderScale({})).not.toMatch(/NaN|undefined/);
  });

  it('met and missed follow the numbers', () => {
    const rows = figureRows(fixture);
    expect(rows.find((r) => r.what.startsWith('registration through'))?.target).toMatch(/^>= 0.7: missed/);
    expect(rows.find((r) => r.what.startsWith('checkIn `'))?.target).toMatch(/: met$/);
    expect(rows.find((r) => r.what.startsWith('1,000 concurrent'))?.measured).toBe(
      '1,000 distinct, contiguous, 0 errors, p99 4.2 s',
    );
    // The stack's floor says how much of 300 KB it leaves for the routes.
    const floor = (kbs: number[]) =>
      figureRows({ bundleFloor: kbs.map((KB, i) => ({ name: `floor ${i}`, KB, importMs: { median: 40 } })) }).find(
        (r) => r.what.startsWith('what every API bundle starts from'),
      );
    expect(floor([208, 231, 314])).toMatchObject({
      measured: '208 KB / 40 ms; 231 KB / 40 ms; 314 KB / 40 ms',
      target: '<= 300 KB leaves room for the routes: none left',
    });
    expect(floor([13.2, 36, 120])?.target).toBe('<= 300 KB leaves room for the routes: 180 KB left');
    // The SDK's store client, measured for comparison, is said beside the floor and not counted in it.
    const withSdk = figureRows({
      bundleFloor: [
        ...[13.2, 36, 120].map((KB, i) => ({ name: `floor ${i}`, KB, importMs: { median: 10 } })),
        { name: 'sdk', KB: 208.3, importMs: { median: 31 }, alternative: true },
      ],
    }).find((r) => r.what.startsWith('what every API bundle starts from'));
    expect(withSdk).toMatchObject({
      measured: "13.2 KB / 10 ms; 36 KB / 10 ms; 120 KB / 10 ms; SDK's store client: 208.3 KB / 31 ms",
      target: '<= 300 KB leaves room for the routes: 180 KB left',
    });
    expect(withSdk?.what).toContain("the AWS SDK's store client it replaced");
    // What the bare store replayed is said beside the rates.
    expect(rows.find((r) => r.what.startsWith('booking `'))?.measured).toMatch(
      /ratio 0\.800 \(70\.0 vs 100\.0 per s\); bare: the load's 800 requests, 800 writes refused$/,
    );
    // Items put back before the replay: how many, and the replay on the items as the load left them.
    const putBack = {
      ...path(2, 0.8),
      bare: { ...load(100), replayed: 'load', requests: 600, refused: 0, restored: 600, itemsRestored: 600 },
      bareUnrestored: { ...load(125), refused: 600 },
      ratioUnrestored: 0.56,
    };
    expect(
      figureRows({ paths: { followUpOutcome: putBack } }).find((r) => r.what.startsWith('followUp'))?.measured,
    ).toMatch(
      /ratio 0\.800 \(70\.0 vs 100\.0 per s\); bare: the load's 600 requests, the items of 600 requests put back first \(600 items\); on the items as the load left them: ratio 0\.560 \(vs 125\.0 per s, 600 writes refused\)$/,
    );
    const slow = { ...fixture, paths: { ...fixture.paths, board: path(3, 0.9) } };
    expect(figureRows(slow).find((r) => r.what.startsWith('board `'))?.target).toMatch(/missed$/);
  });

  it('replaces only the text between the markers', () => {
    const doc = `# A\n\nbefore\n${FIGURES_START}\nold\n${FIGURES_END}\nafter\n`;
    expect(withFigures(doc, 'new')).toBe(`# A\n\nbefore\n${FIGURES_START}\nnew\n${FIGURES_END}\nafter\n`);
    expect(() => withFigures('# no markers', 'x')).toThrow(/markers/);
  });
});
