/**
 * npm start: the whole local stack. DynamoDB Local (data kept under DATA_DIR), the tables, demo data
 * (once), the H5 app (built when missing or stale) and the API, all from one server on PORT.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { localClient, startDynamo } from './local/dynamo';
import { ensureH5Build, h5Dir } from './local/h5';
import { ensureTables, tableNames } from './local/tables';

// Local runs on Node 20; the cloud functions run on Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 3000);
const say = (line: string) => console.info(`[patientloop] ${line}`);

/** The local master key: generated once, kept in the git-ignored data folder. */
/** Generated once per data folder and kept there (git-ignored): the field key and the SMS reply webhook's token. */
function devSecrets(): { masterKey: string; smsReplyToken: string } {
  const file = join(dataDir, 'dev-secrets.json');
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const secrets = {
    masterKey: kept.masterKey ?? randomBytes(32).toString('base64url'),
    smsReplyToken: kept.smsReplyToken ?? randomBytes(16).toString('hex'),
  };
  if (kept.masterKey !== secrets.masterKey || kept.smsReplyToken !== secrets.smsReplyToken)
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function main() {
  mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
  say(`data folder: ${dataDir}`);
  const dynamo = await startDynamo({ dataDir: join(dataDir, 'dynamodb') });
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await dynamo.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  dynamo.process.on('exit', (code) => {
    if (!stopping) {
      console.error(`[patientloop] DynamoDB Local exited (${code})`);
      void stop(1);
    }
  });

  try {
    say(`DynamoDB Local at ${dynamo.endpoint}`);
    const names = tableNames();
    const client = localClient(dynamo.endpoint);
    const created = await ensureTables(client, names);
    client.destroy();
    if (created.length) say(`created tables: ${created.join(', ')}`);

    Object.assign(process.env, {
      STAGE: 'local',
      DYNAMO_ENDPOINT: dynamo.endpoint,
      TABLE_NAME: names.main,
      IDEMPOTENCY_TABLE_NAME: names.idempotency,
      APP_MASTER_KEY: devSecrets().masterKey,
      SMS_REPLY_TOKEN: process.env.SMS_REPLY_TOKEN ?? devSecrets().smsReplyToken,
      WECHAT_MODE: 'local',
      PUBLIC_APP_URL: process.env.PUBLIC_APP_URL ?? `http://127.0.0.1:${port}`,
      GROUP_NAME: process.env.GROUP_NAME ?? '仁和口腔',
      // Consultation photos as files beside the local table data.
      PHOTO_DIR: process.env.PHOTO_DIR ?? join(dataDir, 'photos'),
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    });

    // A data folder from before booked days and revisit marks were kept: keep them now (a new table
    // is complete already).
    const { keepBookedDaysAndMarks } = await import('../functions/booking/revisit-marks');
    const kept = await keepBookedDaysAndMarks(new Date());
    if (kept.appointments + kept.visits > 0) {
      say(
        `kept booked days of ${kept.appointments} bookings and marks of ${kept.visits} revisits of an older data folder`,
      );
    }
    const { seedOnce, ensureDemoSlots, demoStaff, demoPatientOpenid } = await import('./local/seed');
    say((await seedOnce()) ? 'demo data seeded' : 'demo data already present');
    const { seedSurveysOnce } = await import('./local/seed-surveys');
    if (await seedSurveysOnce()) say('demo surveys seeded (an open invitation, two answers, one complaint)');
    const { seedPatientGroupsOnce } = await import('./local/seed-groups');
    if (await seedPatientGroupsOnce()) say('demo patient groups made (员工工作台 → 患者分组)');
    const { seedConsultationsOnce } = await import('./local/seed-consultations');
    if (await seedConsultationsOnce())
      say('demo consultations seeded (员工工作台 → 在线咨询: one waiting, one answered)');
    const slots = await ensureDemoSlots();
    if (slots) say(`opened ${slots} demo slots for the next 14 days`);

    const build = await ensureH5Build(say);
    say(build === 'built' ? 'H5 app built' : 'H5 app is up to date');

    const { startLocalServer } = await import('./local/server');
    const { url } = await startLocalServer({ port, staticDir: h5Dir, local: true });
    const jobsOn = process.env.LOCAL_JOBS !== 'off';
    if (jobsOn) {
      const { startLocalJobs } = await import('./local/jobs');
      startLocalJobs((line) => say(line));
    }
    console.info(`
  PatientLoop is running.

  Mini-program (H5):   ${url}/
  API:                 ${url}/v1   (try ${url}/v1/clinics)

  Demo logins (tap one on the H5 login page, or POST /v1/auth/dev {"openid": "..."}):
    ${demoPatientOpenid.padEnd(24)} 患者 (has a profile: 张小明)
${demoStaff.map((s) => `    ${s.openid.padEnd(24)} ${s.name} (${s.roles.join(', ')})`).join('\n')}

  Waiting-room screen:  ${url}/display?clinicId=c_xuhui

  Scheduled jobs:       ${jobsOn ? 'running on their schedule (LOCAL_JOBS=off npm start runs none)' : 'off (LOCAL_JOBS=off): run one with npm run job'}
                        npm run job -- appointment-reminder --at 2026-12-05T18:00:00+08:00
                        what a patient would receive: ${url}/#/dev/inbox (本地收件箱)
                        what went out, by staff: 员工工作台 → 消息中心 (demo-service, demo-manager)
                        monthly patient groups: 员工工作台 → 患者分组 (demo-service, demo-manager);
                        npm run job -- patient-grouping makes this month's again (same groups)

  A lead the demo patient can claim: phone 13900000001 (verify with the dev phone check).
  Data is kept in ${dataDir}; delete it to start over. Ctrl-C stops everything.
`);
  } catch (err) {
    console.error(err);
    await stop(1);
  }
}

void main();
