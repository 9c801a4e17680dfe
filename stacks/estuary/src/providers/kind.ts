import { defineKind, type ResourceKind } from '@sophia-ai/dynamic-provider';

/** The runtime module every estuary kind's serialized provider loads at call time (runtime/index.ts). */
export const ESTUARY_RUNTIME = '@sophia-ai/estuary/src/providers/runtime';

/** A estuary resource kind: `kind` is its export in runtime/index.ts, the URN type `dynamic/estuary:<type>`. */
export const estuaryKind = (kind: string, type: string, outputs: readonly string[]): ResourceKind =>
  defineKind({ runtime: ESTUARY_RUNTIME, kind, type: `estuary:${type}`, outputs });
