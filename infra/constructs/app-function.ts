import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { CfnTable, ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsVersions,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { FUNCTION_TIMEOUT_SECONDS } from '../../functions/routes';
import { AUDIT_PARTITION_PREFIX } from '../../functions/table-def';
import { type FunctionKind, lambdaBundling, lambdaNodeOptions, onDemandModulesFor } from '../bundling';

/** NODE_OPTIONS for a function of this kind, or nothing where it has none. */
function nodeOptions(kind: FunctionKind): Record<string, string> {
  return lambdaNodeOptions[kind] ? { NODE_OPTIONS: lambdaNodeOptions[kind] } : {};
}

/** What every function reaches: the two tables and the app secret. */
export interface AppData {
  mainTable: ITable;
  idempotencyTable: ITable;
  appSecret: ISecret;
}

export interface AppFunctionProps {
  /** Absolute path of the handler file; it exports `handler`. */
  entry: string;
  description: string;
  /** Repo root: where package.json and package-lock.json live. */
  projectRoot: string;
  data: AppData;
  /** Instruction set: arm64 where Lambda offers it, x86_64 where that is not certain (China regions). */
  architecture?: Architecture;
  /** Settings shared by every function (stage, WeChat app id, log level, ...). */
  environment: Record<string, string>;
  /** Time limit; API functions get API Gateway's (29 s), a job its schedule's. */
  timeoutSeconds?: number;
  /** An API function (a person waits on its cold start) or the scheduled jobs: sets NODE_OPTIONS (infra/bundling.ts). */
  kind?: FunctionKind;
}

/** The one way a function is built here: runtime, architecture, logs, tracing, bundling, data access, alarm. */
export class AppFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);

    // An explicit log group instead of `logRetention`, which would add a CDK helper Lambda.
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    // Own role instead of AWSLambdaBasicExecutionRole (logs:* on every group): writes to this log group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (function role)`,
    });
    logGroup.grantWrite(role);

    const onDemand = onDemandModulesFor(props.environment);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: props.architecture ?? Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(props.timeoutSeconds ?? FUNCTION_TIMEOUT_SECONDS),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      // TZ is reserved by Lambda: functions convert to Asia/Shanghai themselves.
      environment: { ...props.environment, ...nodeOptions(props.kind ?? 'api') },
      // The app secret is read through this extension (functions/lib/secrets-extension.ts), not the SDK:
      // the layer for the function's architecture and region (x86_64 only in the China regions).
      paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103),
      // One definition of the build (infra/bundling.ts), shared with the bench.
      bundling: {
        ...lambdaBundling,
        format: lambdaBundling.format as OutputFormat,
        mainFields: [...lambdaBundling.mainFields],
        externalModules: [...lambdaBundling.externalModules],
        // (An empty list would still copy the lock file into the asset and run npm there.)
        ...(onDemand.length ? { nodeModules: onDemand } : {}),
      },
    });

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22.x is the LTS line this code, its esbuild target (node22) and its pinned middy/Powertools versions are tested on; moving to 24.x is a deliberate, tested upgrade.',
    });

    this.connectData(props.data);
    this.acknowledgeRequiredWildcards(role, props.data);

    new Alarm(this, 'ErrorsAlarm', {
      alarmDescription: `${props.description}: at least one invocation error in 5 minutes`,
      metric: this.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /** Sets the table names and secret ARN in the environment and grants exactly the matching access. */
  private connectData(data: AppData): void {
    this.fn.addEnvironment('TABLE_NAME', data.mainTable.tableName);
    this.fn.addEnvironment('IDEMPOTENCY_TABLE_NAME', data.idempotencyTable.tableName);
    this.fn.addEnvironment('APP_SECRET_ARN', data.appSecret.secretArn);
    // grantReadWriteData covers the table and, when it has any, its index/* ARNs.
    data.mainTable.grantReadWriteData(this.fn);
    data.idempotencyTable.grantReadWriteData(this.fn);
    data.appSecret.grantRead(this.fn);
    this.denyAuditRewrites(data.mainTable);
  }

  /**
   * Audit items are written once and never changed: an explicit Deny (it beats the grant above) on
   * UpdateItem and DeleteItem of any item whose partition key starts with AUDIT# (a record's trail
   * and the settings trail); a TransactWriteItems' Update or Delete is checked as those actions.
   * BatchWriteItem is denied on those keys too (its DeleteRequest deletes; whether IAM checks each
   * request as DeleteItem or only as BatchWriteItem, neither gets through), so the app writes audit
   * items in transactions. PartiQL writes are denied outright (the app uses none). PutItem stays
   * allowed: the app writes audit items with attribute_not_exists(pk) under fresh keys.
   */
  private denyAuditRewrites(mainTable: ITable): void {
    this.fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'DenyAuditRewrites',
        effect: Effect.DENY,
        actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
        resources: [mainTable.tableArn],
        conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${AUDIT_PARTITION_PREFIX}*`] } },
      }),
    );
    this.fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'DenyPartiQLWrites',
        effect: Effect.DENY,
        actions: ['dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete', 'dynamodb:PartiQLInsert'],
        resources: [mainTable.tableArn],
      }),
    );
  }

  /** The two wildcards this role needs, each acknowledged for cdk-nag on this role only. */
  private acknowledgeRequiredWildcards(role: Role, data: AppData): void {
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only xray:PutTraceSegments and xray:PutTelemetryRecords (tracing Active) use Resource *: X-Ray supports no resource-level permissions for them.',
    });
    // The main table has GSIs (byAccount, byName, ...); the idempotency table has none, so no index/* grant.
    const mainTableId = Stack.of(this).getLogicalId(data.mainTable.node.defaultChild as CfnTable);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${mainTableId}.Arn>/index/*]`,
      reason:
        'Queries on the main table go through its GSIs; DynamoDB index ARNs are <table ARN>/index/<name>, and the wildcard is limited to this one table.',
    });
  }
}
