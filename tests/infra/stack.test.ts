// Over 300 lines on purpose: the stack is synthesized once for the file (seconds each), and every
// assertion on that one template sits beside it; the China-region and group stacks are built apart.
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditWrite } from '../../functions/patients/audit-repository';
import { cloudRoutes, FUNCTION_TIMEOUT_SECONDS, handlerGroups, routeKey, schedules } from '../../functions/routes';
import { settingsAuditWrite } from '../../functions/staff/settings-audit-repository';
import { AUDIT_PARTITION_PREFIX, idempotencyTable, mainTable } from '../../functions/table-def';
import { APP_SECRET_FIELDS, PatientLoopStack } from '../../infra/stack';

type Resource = { Properties: Record<string, unknown> };

const NOW = '2026-12-06T10:00:00+08:00';
const auditEntry = { patientId: 'p1', clinicId: 'c1', action: 'read', requestId: 'r1' } as const;
const settingsEntry = {
  clinicId: 'c1',
  subject: 'job#x',
  action: 'pause',
  actorStaffId: 's1',
  requestId: 'r1',
} as const;

let app: App;
let template: Template;
let nagReport: ReturnType<AwsSolutionsChecks['validateScope']> | undefined;

// One synth for the whole file (seconds each); bundling skipped, so no esbuild run.
beforeAll(() => {
  app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PatientLoopStack(app, 'PatientLoop');
  template = Template.fromStack(stack);
});

function routesByKey(): Map<string, Resource> {
  const found = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
  return new Map(found.map((r) => [r.Properties.RouteKey as string, r]));
}

function lambdaFunctions(): Resource[] {
  return Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];
}

// cdk-nag 3 reports through CDK's policy-validation plugins, not annotations: run the same pack app.ts
// registers over the synthesized tree (once; it takes seconds) and read its findings.
function nagFindings(severity: 'error' | 'warning'): string[] {
  nagReport ??= new AwsSolutionsChecks().validateScope(app);
  return nagReport.violations
    .filter((v) => v.severity === severity)
    .map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

describe('HTTP API routes', () => {
  it('creates one API Gateway route per cloud route of the route table', () => {
    const keys = routesByKey();
    expect([...keys.keys()].sort()).toEqual(cloudRoutes().map(routeKey).sort());
    template.resourceCountIs('AWS::ApiGatewayV2::Route', cloudRoutes().length);
  });

  it('protects every non-public route with the Lambda authorizer', () => {
    const keys = routesByKey();
    for (const route of cloudRoutes().filter((r) => r.access !== 'public')) {
      const props = keys.get(routeKey(route))?.Properties;
      expect(props, routeKey(route)).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: expect.anything() });
    }
  });

  it('leaves public routes without an authorizer', () => {
    const keys = routesByKey();
    for (const route of cloudRoutes().filter((r) => r.access === 'public')) {
      const props = keys.get(routeKey(route))?.Properties;
      expect(props?.AuthorizationType, routeKey(route)).toBe('NONE');
      expect(props?.AuthorizerId, routeKey(route)).toBeUndefined();
    }
  });

  it('does not deploy the local dev login', () => {
    expect(routesByKey().has('POST /v1/auth/dev')).toBe(false);
  });

  it('uses a simple-response authorizer on the Authorization header with a 60 s cache', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 60,
    });
  });

  it('throttles and access-logs the default stage, without CORS', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('context.requestId') },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
  });

  it("sizes the stage's throttle for a group from the apiThrottle prop (docs/scale.md's peak)", () => {
    const group = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new PatientLoopStack(group, 'PatientLoopGroup', {
      apiThrottle: { rateLimit: 3000, burstLimit: 6000 },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingBurstLimit: 6000, ThrottlingRateLimit: 3000 },
    });
  });
});

describe('schedules', () => {
  const all = () => Object.values(template.findResources('AWS::Scheduler::Schedule')) as Resource[];

  it('makes one EventBridge Scheduler schedule per entry of the schedule table, in Asia/Shanghai', () => {
    const found = all().map((r) => ({
      expression: r.Properties.ScheduleExpression,
      zone: r.Properties.ScheduleExpressionTimezone,
      input: JSON.parse((r.Properties.Target as { Input: string }).Input),
    }));
    expect(found).toHaveLength(schedules.length);
    for (const s of schedules) {
      const [minute, hour, day, month] = s.cron.split(' ');
      expect(found).toContainEqual({
        expression: `cron(${minute} ${hour} ${day} ${month} ? *)`,
        zone: 'Asia/Shanghai',
        input: { job: s.job },
      });
    }
  });

  it('retries each schedule twice within an hour, then parks the event in a dead-letter queue with an alarm', () => {
    for (const r of all()) {
      expect(r.Properties.Target).toMatchObject({
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: expect.anything() },
      });
    }
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
    });
  });
});

describe('functions', () => {
  it('builds one function per handler group, the authorizer and the jobs function, and no CDK helper functions', () => {
    expect(lambdaFunctions()).toHaveLength(handlerGroups.length + 2);
  });

  it("runs every function on Node.js 22 arm64 with active tracing and 512 MB; API functions get API Gateway's 29 s", () => {
    for (const fn of lambdaFunctions()) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: 512,
        LoggingConfig: { LogGroup: expect.anything() },
      });
    }
    const limits = lambdaFunctions().map((f) => f.Properties.Timeout);
    expect(limits.filter((t) => t === FUNCTION_TIMEOUT_SECONDS)).toHaveLength(handlerGroups.length + 1);
    expect(limits.filter((t) => t !== FUNCTION_TIMEOUT_SECONDS)).toEqual([
      Math.max(...schedules.map((x) => x.timeLimitSeconds)),
    ]);
  });

  it('gives every function the cloud configuration its zod schema needs, and no TZ', () => {
    for (const fn of lambdaFunctions()) {
      const vars = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(vars).toMatchObject({
        STAGE: 'cloud',
        TABLE_NAME: expect.anything(),
        IDEMPOTENCY_TABLE_NAME: expect.anything(),
        APP_SECRET_ARN: expect.anything(),
        WECHAT_APP_ID: 'wx-not-configured',
        WECHAT_MODE: 'real',
        POWERTOOLS_SERVICE_NAME: 'patientloop',
        LOG_LEVEL: 'INFO',
      });
      expect(vars).not.toHaveProperty('TZ');
    }
  });

  it('maps stack traces through the source map at start only in the jobs function (a person waits on the others)', () => {
    const options = lambdaFunctions().map(
      (f) => (f.Properties.Environment as { Variables: Record<string, unknown> }).Variables.NODE_OPTIONS,
    );
    expect(options.filter((o) => o === '--enable-source-maps')).toHaveLength(1);
    expect(options.filter((o) => o === undefined)).toHaveLength(handlerGroups.length + 1);
    const jobs = lambdaFunctions().find((f) => f.Properties.Timeout !== FUNCTION_TIMEOUT_SECONDS)!;
    expect((jobs.Properties.Environment as { Variables: Record<string, unknown> }).Variables.NODE_OPTIONS).toBe(
      '--enable-source-maps',
    );
  });

  it('sends SMS through SNS by default and names the WeChat subscribe templates', () => {
    for (const fn of lambdaFunctions()) {
      const vars = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(vars).toMatchObject({
        SMS_PROVIDER: 'sns',
        WECHAT_TEMPLATE_APPOINTMENT: expect.any(String),
        WECHAT_TEMPLATE_REVISIT: expect.any(String),
      });
      expect(Object.keys(vars).filter((k) => k.startsWith('TENCENT_'))).toEqual([]);
    }
  });

  it('configures Tencent Cloud SMS for a China-region stack, with no API key in the environment', () => {
    const cn = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new PatientLoopStack(cn, 'PatientLoopCn', {
      sms: { provider: 'tencent', sdkAppId: '1400000000', signName: '仁和口腔', templates: { appointment: '100001' } },
      wechatTemplates: { appointment: 'tpl-a', revisit: 'tpl-r' },
    });
    const fns = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')) as Resource[];
    expect(fns.length).toBeGreaterThan(0);
    for (const fn of fns) {
      const vars = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(vars).toMatchObject({
        SMS_PROVIDER: 'tencent',
        TENCENT_SMS_SDK_APP_ID: '1400000000',
        TENCENT_SMS_SIGN_NAME: '仁和口腔',
        TENCENT_SMS_TEMPLATES: '{"appointment":"100001"}',
        TENCENT_SMS_REGION: 'ap-guangzhou',
        WECHAT_TEMPLATE_APPOINTMENT: 'tpl-a',
        WECHAT_TEMPLATE_REVISIT: 'tpl-r',
      });
      expect(vars).not.toHaveProperty('TENCENT_SECRET_KEY');
      expect(vars).not.toHaveProperty('SMS_REPLY_TOKEN');
    }
  });

  it('keeps function logs for one month', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', handlerGroups.length + 3);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('alarms on any error of each function within 5 minutes', () => {
    const errors = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'Errors' } }),
    );
    expect(errors).toHaveLength(handlerGroups.length + 2);
    for (const alarm of errors as Resource[]) {
      expect(alarm.Properties).toMatchObject({
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });
});

describe('data', () => {
  it('creates both tables on demand with point-in-time recovery, TTL and retained on delete', () => {
    for (const def of [mainTable, idempotencyTable]) {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          KeySchema: Match.arrayWith([{ AttributeName: def.partitionKey, KeyType: 'HASH' }]),
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { SSEEnabled: true },
          TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
        }),
      });
    }
  });

  it('names the main table indexes exactly as the table definition does', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: mainTable.indexes.map((index) =>
        Match.objectLike({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
        }),
      ),
    });
  });

  it('gives every function the Parameters and Secrets extension, through which it reads the app secret', () => {
    const fns = Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];
    expect(fns).toHaveLength(handlerGroups.length + 2);
    for (const fn of fns) {
      // The stack is region-agnostic here: the layer's ARN is looked up by region (and architecture).
      expect(JSON.stringify(fn.Properties.Layers)).toMatch(/ParamsAndSecrets/i);
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773',
        APP_SECRET_ARN: expect.anything(),
      });
    }
  });

  it('generates the master key inside the app secret', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        SecretStringTemplate: JSON.stringify(APP_SECRET_FIELDS),
        GenerateStringKey: 'masterKey',
        PasswordLength: 64,
        ExcludePunctuation: true,
      },
    });
  });

  it('grants every function read/write on both tables and the main table indexes, and read on the secret', () => {
    const mainId = Object.keys(
      template.findResources('AWS::DynamoDB::Table', { Properties: { GlobalSecondaryIndexes: Match.anyValue() } }),
    )[0]!;
    const all = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
    // Function roles, not the scheduler's role (which may only invoke the jobs function).
    const policies = all.filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('logs:'));
    expect(policies).toHaveLength(handlerGroups.length + 2);
    expect(all).toHaveLength(handlerGroups.length + 3);
    for (const policy of policies) {
      const text = JSON.stringify(policy.Properties.PolicyDocument);
      expect(text).toContain('dynamodb:PutItem');
      expect(text).toContain(`${JSON.stringify({ 'Fn::GetAtt': [mainId, 'Arn'] })},"/index/*"`);
      expect(text).toContain('secretsmanager:GetSecretValue');
    }
  });
});

describe('audit items', () => {
  it('denies every function role updating, deleting or batch-writing an item under an audit partition, and PartiQL writes', () => {
    const mainId = Object.keys(
      template.findResources('AWS::DynamoDB::Table', { Properties: { GlobalSecondaryIndexes: Match.anyValue() } }),
    )[0]!;
    const all = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
    const functionPolicies = all.filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('logs:'));
    expect(functionPolicies).toHaveLength(handlerGroups.length + 2);
    for (const policy of functionPolicies) {
      const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
      expect(statements).toContainEqual({
        Sid: 'DenyAuditRewrites',
        Effect: 'Deny',
        Action: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
        Resource: { 'Fn::GetAtt': [mainId, 'Arn'] },
        Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${AUDIT_PARTITION_PREFIX}*`] } },
      });
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: ['dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete', 'dynamodb:PartiQLInsert'],
        }),
      );
    }
  });

  it('keys both audit trails under the denied prefix', () => {
    expect(auditWrite(auditEntry, NOW).Put?.Item?.pk).toMatch(new RegExp(`^${AUDIT_PARTITION_PREFIX}`));
    expect(settingsAuditWrite(settingsEntry, NOW).Put?.Item?.pk).toMatch(new RegExp(`^${AUDIT_PARTITION_PREFIX}`));
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged errors', () => {
    expect(nagFindings('error')).toEqual([]);
  });

  it('reports no unacknowledged warnings', () => {
    expect(nagFindings('warning')).toEqual([]);
  });
});
