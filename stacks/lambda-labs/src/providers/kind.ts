import { defineKind, type ResourceKind } from '@sophia-ai/dynamic-provider';

/** The runtime module every Lambda kind's serialized provider loads at call time (see runtime/index.ts). */
export const LAMBDA_RUNTIME = '@sophia-ai/lambda-labs/src/providers/runtime';

/** A Lambda resource kind: `kind` is its export in runtime/index.ts, the URN type `dynamic/lambda:<type>`. */
export const lambdaKind = (kind: string, type: string, outputs: readonly string[]): ResourceKind =>
  defineKind({ runtime: LAMBDA_RUNTIME, kind, type: `lambda:${type}`, outputs });
