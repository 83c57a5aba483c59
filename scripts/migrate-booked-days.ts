/**
 * npm run migrate:booked-days — once per deployed table, after deploying the version that keeps each
 * patient's booked days (functions/booking/booked-days.ts), with the functions' environment (STAGE=cloud,
 * TABLE_NAME, IDEMPOTENCY_TABLE_NAME, APP_SECRET_ARN, AWS_REGION) and AWS credentials. Until it has
 * run, the revisit reminder asks the booked index for every visit due, as before; afterwards only for
 * patients with a booked day ahead. Safe to run again. `npm start` does the same for an older local
 * data folder by itself.
 */
import { backfillBookedDays } from '../functions/booking/booked-days';

backfillBookedDays().then(
  ({ appointments, patients }) => {
    console.info(`已记下 ${patients} 位患者的 ${appointments} 个未到期预约日期；复诊提醒从此只查询有预约日期的患者。`);
  },
  (e: unknown) => {
    console.error(`迁移失败：${(e as Error).message}`);
    process.exit(1);
  },
);
