import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PatientLoopStack } from './stack';

const app = new App();
/** A context value given on the command line arrives as a string: JSON objects are parsed. */
const jsonContext = (key: string) => {
  const v = app.node.tryGetContext(key);
  return typeof v === 'string' && v.trim().startsWith('{') ? JSON.parse(v) : v;
};
// -c region=cn-north-1 (or cn-northwest-1) builds the China-partition stack; the default stays global.
const region: string | undefined = app.node.tryGetContext('region') ?? process.env.CDK_DEFAULT_REGION;
new PatientLoopStack(app, 'PatientLoop', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region },
  wechatAppId: app.node.tryGetContext('wechatAppId') ?? 'wx-not-configured',
  groupName: app.node.tryGetContext('groupName'),
  wechatTemplates: jsonContext('wechatTemplates'),
  sms: jsonContext('sms'),
  // -c apiThrottle='{"rateLimit":3000,"burstLimit":6000}' for a group (docs/scale.md sizes it).
  apiThrottle: jsonContext('apiThrottle'),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
