import { z } from 'zod';
import { defineStackContract } from '@sophia-ai/stack-refs';

const byKey = z.record(z.string(), z.string());

/** Outputs of stacks/estuary. A consumer imports this package to read them with referenceStack(). */
export const estuaryStack = defineStackContract({
  project: 'estuary',
  description: 'Estuary Flow captures, collections and materializations into Snowflake',
  outputs: {
    collections: { schema: byKey, description: 'Spec key → catalog name of every collection (<tenant>/<env>/<key>)' },
    captures: { schema: byKey, description: 'Spec key → catalog name of every capture' },
    materializations: { schema: byKey, description: 'Spec key → catalog name of every materialization' },
  },
});
