// Over 300 lines on purpose: the whole stack in one reading (table, functions per handler group, API
// routes from the route table, schedules, the China-region differences); constructs live in infra/constructs.
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, TimeZone, Token, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule as RuleSchedule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { PENDING_TAG, UNATTACHED_PHOTO_DAYS } from '../functions/lib/photo-rules';
import { cloudRoutes, handlerGroups, type RouteDef, routeKey, type ScheduleDef, schedules } from '../functions/routes';
import { type TableDef, tables } from '../functions/table-def';
import type { FunctionKind } from './bundling';
import { type AppData, AppFunction } from './constructs/app-function';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The app secret's fields besides the generated masterKey; empty until an operator sets them. */
export const APP_SECRET_FIELDS = { wechatAppSecret: '', tencentSecretId: '', tencentSecretKey: '', smsReplyToken: '' };

// HTTP API context variables (the default format names REST-API ones); no query string or headers: they may carry phone numbers.
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    routeKey: '$context.routeKey',
    status: '$context.status',
    latencyMs: '$context.responseLatency',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    responseLength: '$context.responseLength',
  }),
);

export interface PatientLoopStackProps extends StackProps {
  /** WeChat mini-program app id; the app secret lives in the stack's secret. */
  wechatAppId?: string;
  /** The hospital group's name, signing messages to patients not yet tied to a clinic. */
  groupName?: string;
  /** WeChat subscribe-message template ids of 就诊提醒 and 复诊提醒, as registered for the mini-program. */
  wechatTemplates?: { appointment: string; revisit: string; survey?: string; consult?: string };
  /** Where patients open the H5 app (survey links in messages), e.g. https://m.example.com. */
  publicAppUrl?: string;
  /**
   * Who sends SMS: AWS SNS (global regions), or Tencent Cloud SMS where SNS has none (China regions).
   * Tencent's API keys and the reply webhook's token live in the app secret, never here.
   */
  /**
   * The API stage's throttle (requests per second, and the burst above it). The default suits one
   * hospital; a group sizes it from docs/scale.md's peak (100 clinics: about 1,900 requests/s).
   */
  apiThrottle?: { rateLimit: number; burstLimit: number };
  sms?:
    | { provider: 'sns' }
    | {
        provider: 'tencent';
        sdkAppId: string;
        signName: string;
        /** Each message kind's approved template id. */
        templates: Record<string, string>;
        region?: string;
      };
}

type SmsSettings = NonNullable<PatientLoopStackProps['sms']>;

/** The stage throttle of one hospital (docs/scale.md reads it from here). */
export const DEFAULT_API_THROTTLE = { burstLimit: 200, rateLimit: 100 };

/** True for the AWS China regions (aws-cn partition): Beijing cn-north-1, Ningxia cn-northwest-1. */
export function isChinaRegion(region: string | undefined): boolean {
  return region !== undefined && !Token.isUnresolved(region) && region.startsWith('cn-');
}

/**
 * A China stack sends SMS through Tencent Cloud (SNS has no SMS there). Until an operator passes
 * the approved settings (-c sms=...), these stand-ins synthesize; sending fails until they are set.
 */
export const TENCENT_SMS_NOT_CONFIGURED: SmsSettings = {
  provider: 'tencent',
  sdkAppId: 'tencent-sms-not-configured',
  signName: '未配置短信签名',
  templates: {},
};

/** Who sends SMS for this stack: the props' choice, Tencent in a China region, SNS elsewhere. */
function smsSettings(props: PatientLoopStackProps, china: boolean): SmsSettings {
  const sms = props.sms ?? (china ? TENCENT_SMS_NOT_CONFIGURED : { provider: 'sns' });
  if (china && sms.provider === 'sns')
    throw new Error('AWS China regions have no SNS SMS: configure the Tencent Cloud SMS provider (-c sms=...)');
  return sms;
}

/** The functions' SMS and WeChat-template configuration (functions/lib/config.ts reads it). */
function messagingEnvironment(props: PatientLoopStackProps, sms: SmsSettings): Record<string, string> {
  return {
    SMS_PROVIDER: sms.provider,
    WECHAT_TEMPLATE_APPOINTMENT: props.wechatTemplates?.appointment ?? 'wx-template-not-configured',
    WECHAT_TEMPLATE_REVISIT: props.wechatTemplates?.revisit ?? 'wx-template-not-configured',
    WECHAT_TEMPLATE_SURVEY: props.wechatTemplates?.survey ?? 'wx-template-not-configured',
    WECHAT_TEMPLATE_CONSULT: props.wechatTemplates?.consult ?? 'wx-template-not-configured',
    ...(props.publicAppUrl ? { PUBLIC_APP_URL: props.publicAppUrl } : {}),
    ...(sms.provider === 'tencent'
      ? {
          TENCENT_SMS_SDK_APP_ID: sms.sdkAppId,
          TENCENT_SMS_SIGN_NAME: sms.signName,
          TENCENT_SMS_TEMPLATES: JSON.stringify(sms.templates),
          TENCENT_SMS_REGION: sms.region ?? 'ap-guangzhou',
        }
      : {}),
  };
}

/** Everything PatientLoop runs on in AWS: tables, secret, functions, HTTP API. */
export class PatientLoopStack extends Stack {
  constructor(scope: Construct, id: string, props: PatientLoopStackProps = {}) {
    super(scope, id, props);
    const china = isChinaRegion(this.region);
    const sms = smsSettings(props, china);

    const byId = new Map(tables.map((def) => [def.id, this.table(def)]));
    const appSecret = new Secret(this, 'AppSecret', {
      description:
        'PatientLoop: field-encryption/token master key, the WeChat app secret, Tencent Cloud SMS keys, the SMS reply token',
      generateSecretString: {
        // Filled in by an operator: the WeChat app secret, Tencent Cloud API keys, the SMS reply webhook token.
        secretStringTemplate: JSON.stringify(APP_SECRET_FIELDS),
        generateStringKey: 'masterKey',
        passwordLength: 64,
        excludePunctuation: true,
      },
    });
    Validations.of(appSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'masterKey encrypts stored phone and ID-card fields: rotating it without re-encrypting them would make them unreadable, so it is rotated by an operator runbook that re-encrypts; wechatAppSecret is rotated in the WeChat console.',
    });

    const data: AppData = { mainTable: byId.get('main')!, idempotencyTable: byId.get('idempotency')!, appSecret };
    const environment = {
      STAGE: 'cloud',
      WECHAT_APP_ID: props.wechatAppId ?? 'wx-not-configured',
      WECHAT_MODE: 'real',
      ...messagingEnvironment(props, sms),
      GROUP_NAME: props.groupName ?? '本院',
      POWERTOOLS_SERVICE_NAME: 'patientloop',
      LOG_LEVEL: 'INFO',
    };
    const fn = (id: string, file: string, description: string, timeoutSeconds?: number, kind?: FunctionKind) =>
      new AppFunction(this, id, {
        entry: `${PROJECT_ROOT}/functions/${file}`,
        description,
        projectRoot: PROJECT_ROOT,
        data,
        environment,
        timeoutSeconds,
        kind,
        // Graviton Lambda is not confirmed for the China regions: x86_64 runs everywhere (no native code here).
        architecture: china ? Architecture.X86_64 : Architecture.ARM_64,
      });

    const groupFns = new Map(handlerGroups.map((g) => [g, fn(`${g}Handler`, `${g}/index.ts`, `PatientLoop ${g} API`)]));
    this.consultationPhotos(groupFns.get('consult')!.fn, groupFns.get('patients')!.fn);
    const authorizerFn = fn('Authorizer', 'auth/authorizer.ts', 'PatientLoop HTTP API bearer-token authorizer');

    const api = new HttpApi(this, 'HttpApi', {
      apiName: 'patientloop',
      description: 'PatientLoop API (/v1) for the WeChat mini-program',
      // No CORS: the mini-program calls through wx.request, not from a browser origin.
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.apiThrottle ?? DEFAULT_API_THROTTLE,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });

    const authorizer = new HttpLambdaAuthorizer('BearerAuthorizer', authorizerFn.fn, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(60),
    });
    const integrations = new Map(
      [...groupFns].map(([g, f]) => [g, new HttpLambdaIntegration(`${g}Integration`, f.fn)] as const),
    );
    for (const route of cloudRoutes()) this.route(api, route, integrations.get(route.group)!, authorizer);

    const jobs = fn('ScheduledJobs', 'scheduled/index.ts', 'PatientLoop scheduled jobs', maxTimeLimit(), 'job').fn;
    // SMS straight to a phone number has no topic ARN to scope to; only a stack that sends through SNS gets it.
    if (sms.provider === 'sns')
      jobs.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    this.schedules(jobs, china);

    new CfnOutput(this, 'ApiUrl', { value: stage.url, description: 'Base URL of the HTTP API' });
  }

  /**
   * One schedule per entry of the table, in Asia/Shanghai, retried, then dead-lettered: EventBridge
   * Scheduler in global regions; in the China regions EventBridge rules (UTC cron, shifted from
   * Beijing time, which has no daylight saving), available there for years.
   */
  private schedules(jobs: NodejsFunction, china: boolean): void {
    const deadLetters = new Queue(this, 'ScheduleDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the job schedules; an alarm watches it.',
    });
    new Alarm(this, 'ScheduleDeadLettersAlarm', {
      alarmDescription: 'A scheduled job failed after its retries: its event waits in the dead-letter queue',
      metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (china) {
      for (const s of schedules) {
        new Rule(this, `Rule-${s.job}`, {
          description: `PatientLoop ${s.job}: ${s.what}`,
          schedule: RuleSchedule.cron(utcCronFields(s)),
          targets: [
            new LambdaFunction(jobs, {
              event: RuleTargetInput.fromObject({ job: s.job }),
              retryAttempts: 2,
              maxEventAge: Duration.hours(1),
              deadLetterQueue: deadLetters,
            }),
          ],
        });
      }
      return;
    }
    // The scheduler's role may invoke the jobs function and its versions (CDK grants <arn>:* for those).
    const jobsId = Stack.of(this).getLogicalId(jobs.node.defaultChild as CfnFunction);
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${jobsId}.Arn>:*]`,
      reason: "The scheduler's invoke permission covers the jobs function and its versions only (<function ARN>:*).",
    });
    for (const s of schedules) {
      new Schedule(this, `Schedule-${s.job}`, {
        description: `PatientLoop ${s.job}: ${s.what}`,
        schedule: ScheduleExpression.cron({ ...cronFields(s), timeZone: TimeZone.ASIA_SHANGHAI }),
        target: new LambdaInvoke(jobs, {
          input: ScheduleTargetInput.fromObject({ job: s.job }),
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: deadLetters,
        }),
      });
    }
  }

  /**
   * Consultation photos (issue 11): one private, encrypted bucket, SSL only. The consult function
   * stores and reads them; the patients function reads them for a patient's export and deletes them
   * with the patient's other data. Nobody else holds any right on it.
   */
  private consultationPhotos(consult: NodejsFunction, patients: NodejsFunction): void {
    const bucket = new Bucket(this, 'ConsultationPhotos', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        // Uploads are single PUTs of at most 1.5 MB; an unfinished multipart upload is never ours to keep.
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // A photo uploaded but never sent keeps its pending tag (sending removes it): gone after two days.
        {
          id: 'expire-unsent-photos',
          tagFilters: { [PENDING_TAG.key]: PENDING_TAG.value },
          expiration: Duration.days(UNATTACHED_PHOTO_DAYS),
        },
      ],
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Every read of a photo goes through the consult function, which checks the caller and audits staff reads of the thread; no one else can reach the bucket, so server access logs would add a second, unaudited copy of the same keys.',
    });
    const objects = bucket.arnForObjects('consultations/*');
    for (const [f, actions] of [
      [consult, ['s3:PutObject', 's3:PutObjectTagging', 's3:GetObject', 's3:DeleteObject', 's3:DeleteObjectTagging']],
      [patients, ['s3:GetObject', 's3:DeleteObject']],
    ] as const) {
      f.addEnvironment('PHOTO_STORE', 's3');
      f.addEnvironment('PHOTO_BUCKET', bucket.bucketName);
      f.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: [objects] }));
      const bucketId = Stack.of(this).getLogicalId(bucket.node.defaultChild as CfnBucket);
      Validations.of(f.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/consultations/*]`,
        reason:
          'Photos are objects under consultations/<photoId> of the one photo bucket: the wildcard is that prefix only.',
      });
    }
  }

  private table(def: TableDef): Table {
    const table = new Table(this, `${def.id}Table`, {
      partitionKey: { name: def.partitionKey, type: AttributeType.STRING },
      sortKey: def.sortKey ? { name: def.sortKey, type: AttributeType.STRING } : undefined,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: def.ttlAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of def.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
    return table;
  }

  private route(
    api: HttpApi,
    route: RouteDef & { name: string },
    integration: HttpLambdaIntegration,
    authorizer: HttpLambdaAuthorizer,
  ) {
    const isPublic = route.access === 'public';
    const httpRoute = new HttpRoute(this, `Route-${route.group}-${route.name}`, {
      httpApi: api,
      routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
      integration,
      authorizer: isPublic ? undefined : authorizer,
    });
    if (isPublic) {
      Validations.of(httpRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${routeKey(route)} is public by design (login or clinic directory before sign-in); the handler validates input and API throttling applies.`,
      });
    }
  }
}

/**
 * A Beijing-time cron of the table as UTC fields for an EventBridge rule (UTC only): eight hours
 * earlier, the day before when that crosses midnight (day 1 becomes L, the month's last day).
 */
export function utcCronFields(s: ScheduleDef): { minute: string; hour: string; day: string; month: string } {
  const f = cronFields(s);
  if (f.hour === '*') return f;
  if (!/^\d+$/.test(f.hour)) throw new Error(`${s.job}: cron hour "${f.hour}" must be * or one hour`);
  const hour = Number(f.hour) - 8;
  if (hour >= 0) return { ...f, hour: String(hour) };
  const day = f.day === '*' ? '*' : f.day === '1' ? 'L' : /^\d+$/.test(f.day) ? String(Number(f.day) - 1) : undefined;
  if (!day || (day === 'L' && f.month !== '*'))
    throw new Error(`${s.job}: cron "${s.cron}" cannot be shifted to UTC here`);
  return { ...f, hour: String(hour + 24), day };
}

/** The longest time limit of the schedule table: the jobs function's own. */
function maxTimeLimit(): number {
  return Math.max(...schedules.map((s) => s.timeLimitSeconds));
}

/** A five-field cron of the table as EventBridge's fields (its day-of-week counts differently: only * here). */
export function cronFields(s: ScheduleDef): { minute: string; hour: string; day: string; month: string } {
  const [minute, hour, day, month, weekDay, ...rest] = s.cron.split(/\s+/);
  if (!minute || !hour || !day || !month || weekDay !== '*' || rest.length)
    throw new Error(`${s.job}: cron "${s.cron}" needs five fields and * for the day of the week`);
  return { minute, hour, day, month };
}
