import { z } from 'zod';
import { defineStackContract } from '@sophia-ai/stack-refs';

/** Outputs of stacks/estuary. A consumer imports this package to read them with referenceStack(). */
export const estuaryStack = defineStackContract({
  project: 'estuary',
  description: "Estuary Flow captures, collections and materializations into Snowflake",
  outputs: {
    names: { schema: z.array(z.string()), description: 'Names of the objects the stack manages, in plan order' },
  },
});
