import type * as pulumi from '@pulumi/pulumi';
import type { SynthPlan } from '@sophia-ai/policy';
import { buildPlan, type RecordedResource } from '@sophia-ai/pulumi-testing';

/** Canary private key the mocked tls provider returns for key pair `name`: must never show up in plain data. */
export function canaryPrivateKey(name: string): string {
  return `-----BEGIN PRIVATE KEY-----\nCANARYPRIVATE${name.replace(/[^A-Za-z0-9]/g, '')}\n-----END PRIVATE KEY-----\n`;
}

export function canaryPublicKeyBody(name: string): string {
  return `PUBLIC${name.replace(/[^A-Za-z0-9]/g, '')}`;
}

/** Computed outputs the real providers would return (tls key material, integration IAM user, pipe notification channel). */
export function resourceOutputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> | undefined {
  if (args.type === 'tls:index/privateKey:PrivateKey') {
    return {
      privateKeyPemPkcs8: canaryPrivateKey(args.name),
      publicKeyPem: `-----BEGIN PUBLIC KEY-----\n${canaryPublicKeyBody(args.name)}\n-----END PUBLIC KEY-----\n`,
    };
  }
  if (args.type === 'snowflake:index/storageIntegration:StorageIntegration') {
    return { storageAwsIamUserArn: 'arn:aws:iam::123456789012:user/sf-sandbox', storageAwsExternalId: `SANDBOX_SFCRole=1_${args.name}` };
  }
  if (args.type === 'snowflake:index/pipe:Pipe') {
    return { notificationChannel: `arn:aws:sqs:us-west-2:000000000000:sf-snowpipe-${args.name}` };
  }
  return undefined;
}

/** The recorded resources as a synth plan (redacted inputs), for the policy rules. */
export function toPlan(resources: readonly RecordedResource[]): SynthPlan {
  return buildPlan({ stack: 'snowflake', project: 'snowflake', env: 'local', resources });
}
