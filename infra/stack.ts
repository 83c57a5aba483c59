import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
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
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { cloudRoutes, handlerGroups, type RouteDef, routeKey } from '../functions/routes';
import { type TableDef, tables } from '../functions/table-def';
import { type AppData, AppFunction } from './constructs/app-function';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

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
}

/** Everything PatientLoop runs on in AWS: tables, secret, functions, HTTP API. */
export class PatientLoopStack extends Stack {
  constructor(scope: Construct, id: string, props: PatientLoopStackProps = {}) {
    super(scope, id, props);

    const byId = new Map(tables.map((def) => [def.id, this.table(def)]));
    const appSecret = new Secret(this, 'AppSecret', {
      description: 'PatientLoop: field-encryption/token master key and the WeChat app secret',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ wechatAppSecret: '' }),
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
      POWERTOOLS_SERVICE_NAME: 'patientloop',
      LOG_LEVEL: 'INFO',
    };
    const fn = (id: string, file: string, description: string) =>
      new AppFunction(this, id, {
        entry: `${PROJECT_ROOT}/functions/${file}`,
        description,
        projectRoot: PROJECT_ROOT,
        data,
        environment,
      });

    const groupFns = new Map(handlerGroups.map((g) => [g, fn(`${g}Handler`, `${g}/index.ts`, `PatientLoop ${g} API`)]));
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
      throttle: { burstLimit: 200, rateLimit: 100 },
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

    new CfnOutput(this, 'ApiUrl', { value: stage.url, description: 'Base URL of the HTTP API' });
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
