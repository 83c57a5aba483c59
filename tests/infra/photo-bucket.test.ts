import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PatientLoopStack } from '../../infra/stack';

type Resource = { Properties: Record<string, any> };
let template: Template;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(new PatientLoopStack(app, 'PatientLoop'));
});

const bucketId = () => Object.keys(template.findResources('AWS::S3::Bucket'))[0]!;

describe('consultation photo bucket', () => {
  it('is one private bucket, encrypted, owner-enforced, kept on stack removal, with a lifecycle', () => {
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' })],
        },
      },
    });
  });

  it('refuses every request that is not over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('grants the consult function put/get/delete and the patients function get/delete, under consultations/ only, and nobody else', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
    const holders = policies.filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('"s3:'));
    expect(holders).toHaveLength(2);
    const grants = holders.map((p) =>
      (p.Properties.PolicyDocument.Statement as Record<string, any>[]).filter((s) =>
        JSON.stringify(s).includes('"s3:'),
      ),
    );
    const actions = grants.map((g) => g.flatMap((s) => s.Action).sort());
    expect(actions.sort()).toEqual([
      ['s3:DeleteObject', 's3:GetObject'],
      ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
    ]);
    for (const g of grants) {
      expect(g[0]!.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/consultations/*']] });
    }
    const roles = holders.map((p) => JSON.stringify(p.Properties.Roles));
    expect(roles.some((r) => r.includes('consultHandler'))).toBe(true);
    expect(roles.some((r) => r.includes('patientsHandler'))).toBe(true);
    const withBucket = (Object.values(template.findResources('AWS::Lambda::Function')) as Resource[]).filter(
      (f) => f.Properties.Environment?.Variables?.PHOTO_BUCKET,
    );
    expect(withBucket).toHaveLength(2);
    for (const f of withBucket) expect(f.Properties.Environment.Variables.PHOTO_STORE).toBe('s3');
  });
});
