import { platformFor } from './platform-spec';
import type { PlatformSpecInput } from './logic/spec';

/** Inputs the tests build platforms with (sandbox values, like Pulumi.local.yaml). */
export const SAMPLE_INPUTS = {
  ingestBucketUrl: 's3://sophia-ai-sandbox-ingest/raw/',
  ingestAwsRoleArn: 'arn:aws:iam::000000000000:role/sophia-ai-sandbox-snowflake-ingest',
};

/** A fresh, mutable copy of the local platform spec input. */
export function sampleSpec(): PlatformSpecInput {
  return structuredClone(platformFor('local', SAMPLE_INPUTS));
}
