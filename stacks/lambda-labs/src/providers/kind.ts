import type * as pulumi from '@pulumi/pulumi';
import { defineKind, type ResourceKind } from '@sophia-ai/dynamic-provider';

/** The runtime module every Lambda kind's serialized provider loads at call time (see runtime/index.ts). */
export const LAMBDA_RUNTIME = '@sophia-ai/lambda-labs/src/providers/runtime';

/** A Lambda resource kind: `kind` is its export in runtime/index.ts, the URN type `dynamic/lambda:<type>`. */
export const lambdaKind = (kind: string, type: string, outputs: readonly string[]): ResourceKind =>
  defineKind({ runtime: LAMBDA_RUNTIME, kind, type: `lambda:${type}`, outputs });

/** Every Lambda kind takes the API key: a secret input, kept secret in the outputs (DynamicResource). */
export interface LambdaCredentials {
  /** Lambda API key (secret). */
  apiKey: pulumi.Input<string>;
}
