import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PatientLoopStack } from './stack';

const app = new App();
new PatientLoopStack(app, 'PatientLoop', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  wechatAppId: app.node.tryGetContext('wechatAppId') ?? 'wx-not-configured',
  groupName: app.node.tryGetContext('groupName'),
  wechatTemplates: app.node.tryGetContext('wechatTemplates'),
  sms: app.node.tryGetContext('sms'),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
