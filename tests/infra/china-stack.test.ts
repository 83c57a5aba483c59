import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { handlerGroups, schedules } from '../../functions/routes';
import { PatientLoopStack, TENCENT_SMS_NOT_CONFIGURED, utcCronFields } from '../../infra/stack';

type Resource = { Properties: Record<string, unknown> };

let app: App;
let template: Template;
let text: string;

// The stack `npm run synth -- -c region=cn-north-1` builds (bundling skipped: no esbuild run).
beforeAll(() => {
  app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PatientLoopStack(app, 'PatientLoopCn', { env: { region: 'cn-north-1' } });
  template = Template.fromStack(stack);
  text = JSON.stringify(template.toJSON());
});

const lambdaFunctions = () => Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];

describe('a stack in an AWS China region (cn-north-1)', () => {
  it('writes every ARN in the aws-cn partition and none in the global one', () => {
    expect(text).not.toMatch(/arn:aws:/);
    // Each ARN the stack builds names its partition as AWS::Partition (aws-cn in a China region) or aws-cn.
    const arns = text.match(/"arn:[^"]*"(,\{"Ref":"AWS::Partition"\})?/g) ?? [];
    expect(arns.length).toBeGreaterThan(10);
    for (const arn of arns) expect(arn).toMatch(/^"arn:aws-cn:|^"arn:",\{"Ref":"AWS::Partition"\}$/);
    expect(RegionInfo.get('cn-north-1').partition).toBe('aws-cn');
    expect(RegionInfo.get('cn-northwest-1').partition).toBe('aws-cn');
  });

  it("reads the app secret through the China region's x86_64 Parameters and Secrets extension layer", () => {
    const layer = RegionInfo.get('cn-north-1').paramsAndSecretsLambdaLayerArn('1.0.103', 'x86_64');
    expect(layer).toMatch(/^arn:aws-cn:lambda:cn-north-1:\d+:layer:AWS-Parameters-and-Secrets-Lambda-Extension:\d+$/);
    expect(lambdaFunctions()).toHaveLength(handlerGroups.length + 2);
    for (const fn of lambdaFunctions()) {
      expect(fn.Properties.Architectures).toEqual(['x86_64']);
      expect(fn.Properties.Layers).toEqual([layer]);
    }
  });

  it('uses no SNS: no topic, no sns:Publish grant, and no SNS provider setting', () => {
    expect(Object.keys(template.findResources('AWS::SNS::Topic'))).toEqual([]);
    expect(text).not.toContain('sns:');
    for (const fn of lambdaFunctions()) {
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.SMS_PROVIDER).toBe(
        'tencent',
      );
    }
  });

  it('sends SMS through Tencent Cloud with the settings it is given, and stand-ins until then', () => {
    const cn = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const given = new PatientLoopStack(cn, 'PatientLoopNingxia', {
      env: { region: 'cn-northwest-1' },
      sms: { provider: 'tencent', sdkAppId: '1400000000', signName: '仁和口腔', templates: { appointment: '100001' } },
    });
    for (const fn of Object.values(Template.fromStack(given).findResources('AWS::Lambda::Function')) as Resource[]) {
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        SMS_PROVIDER: 'tencent',
        TENCENT_SMS_SDK_APP_ID: '1400000000',
        TENCENT_SMS_SIGN_NAME: '仁和口腔',
        TENCENT_SMS_TEMPLATES: '{"appointment":"100001"}',
      });
    }
    for (const fn of lambdaFunctions()) {
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        TENCENT_SMS_SDK_APP_ID: (TENCENT_SMS_NOT_CONFIGURED as { sdkAppId: string }).sdkAppId,
      });
    }
  });

  it('refuses SNS as the SMS provider in a China region', () => {
    const cn = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(
      () => new PatientLoopStack(cn, 'PatientLoopSns', { env: { region: 'cn-north-1' }, sms: { provider: 'sns' } }),
    ).toThrow(/SNS/);
  });

  it('schedules the jobs with EventBridge rules in UTC (no EventBridge Scheduler), retried then dead-lettered', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as Resource[];
    expect(rules).toHaveLength(schedules.length);
    const found = rules.map((r) => r.Properties.ScheduleExpression);
    expect(found).toContain('cron(0 10 * * ? *)'); // appointment-reminder: 18:00 Beijing time
    expect(found).toContain('cron(0 18 L * ? *)'); // patient-grouping: 02:00 on the 1st, Beijing time
    for (const r of rules) {
      expect((r.Properties.Targets as Record<string, unknown>[])[0]).toMatchObject({
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: expect.anything() },
      });
    }
  });

  it('runs the functions on x86_64', () => {
    expect(lambdaFunctions()).toHaveLength(handlerGroups.length + 2);
    for (const fn of lambdaFunctions()) expect(fn.Properties.Architectures).toEqual(['x86_64']);
  });

  it('reports no unacknowledged cdk-nag AwsSolutions errors or warnings', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} (${v.severity})`)).toEqual([]);
  });
});

describe('Beijing-time cron as UTC', () => {
  const at = (cron: string) =>
    utcCronFields({ job: 'outbox-sender', cron, group: 'scheduled', what: '', timeLimitSeconds: 60 } as never);

  it('moves a daytime hour eight hours back on the same day', () => {
    expect(at('30 9 * * *')).toEqual({ minute: '30', hour: '1', day: '*', month: '*' });
  });

  it('moves an early-morning hour to the evening before, the 1st to the last day of the month before', () => {
    expect(at('0 2 1 * *')).toEqual({ minute: '0', hour: '18', day: 'L', month: '*' });
    expect(at('0 7 15 * *')).toEqual({ minute: '0', hour: '23', day: '14', month: '*' });
  });

  it('leaves an every-minute cron alone', () => {
    expect(at('* * * * *')).toEqual({ minute: '*', hour: '*', day: '*', month: '*' });
  });
});
