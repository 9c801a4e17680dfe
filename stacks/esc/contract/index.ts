import { z } from 'zod';
import { defineStackContract } from '@sophia-ai/stack-refs';

/** Outputs of stacks/esc: what exists in ESC and Pulumi Cloud after it ran. Names only: nothing here is secret. */
export const escStack = defineStackContract({
  project: 'esc',
  description: 'Pulumi ESC environments, teams and access as code, the root of the stack graph',
  outputs: {
    environments: { schema: z.array(z.string()), description: 'ESC environments (`<project>/<name>`) this stack defines or creates, sorted' },
    teams: { schema: z.array(z.string()), description: 'Pulumi teams the access grants name (created here when esc:manageTeams is set)' },
  },
});
