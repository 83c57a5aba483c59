/**
 * npm run migrate:booked-days — once per deployed table, after deploying the version that keeps each
 * patient's booked days and the revisit reminder's marks (functions/booking/booked-days.ts,
 * revisit-marks.ts), with the functions' environment (STAGE=cloud, TABLE_NAME, IDEMPOTENCY_TABLE_NAME,
 * APP_SECRET_ARN, AWS_REGION) and AWS credentials. Until it has run, the revisit reminder asks the
 * booked index for every visit due, as before; afterwards only for patients marked for the day. Safe
 * to run again. `npm start` does the same for an older local data folder by itself.
 */
import { keepBookedDaysAndMarks } from '../functions/booking/revisit-marks';

keepBookedDaysAndMarks(new Date()).then(
  ({ appointments, patients, visits, marked }) => {
    console.info(`已记下 ${patients} 位患者的 ${appointments} 个未到期预约日期。`);
    console.info(
      `已补记 ${visits} 个待提醒的复诊，其中 ${marked} 个的患者已有预约并已标记；复诊提醒从此只查询有标记的患者。`,
    );
  },
  (e: unknown) => {
    console.error(`迁移失败：${(e as Error).message}`);
    process.exit(1);
  },
);
