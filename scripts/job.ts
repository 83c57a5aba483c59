/**
 * npm run job -- <name> [--at 2026-02-17T09:00:00+08:00]: runs one scheduled job as of that moment on
 * the running local stack (npm start), through its local-only POST /v1/dev/jobs/{name}.
 */
import { jobNames } from '../shared/routes';

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('--'));
const atIndex = args.indexOf('--at');
const at = atIndex >= 0 ? args[atIndex + 1] : undefined;
const port = Number(process.env.PORT ?? 3000);

async function main(): Promise<number> {
  if (!name || !(jobNames as readonly string[]).includes(name)) {
    console.error(`用法：npm run job -- <任务名> [--at 2026-02-17T09:00:00+08:00]\n任务名：${jobNames.join('、')}`);
    return 2;
  }
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${port}/v1/dev/jobs/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(at ? { at } : {}),
    });
  } catch {
    console.error(`连不上本地服务（端口 ${port}）：请先在另一个终端运行 npm start`);
    return 1;
  }
  const body = await res.json();
  console.info(JSON.stringify(body, null, 2));
  return res.ok ? 0 : 1;
}

main().then((code) => process.exit(code));
