import { z } from 'zod';
import { defineNamespace } from '@sophia-ai/config';

/**
 * Configuration of stacks/esc. This stack creates the ESC environments every other stack reads, so it cannot read
 * one itself: its few settings sit in its own `Pulumi.<env>.yaml`, and its credential is the Pulumi access token
 * the CLI already runs with (`PULUMI_ACCESS_TOKEN`, read by the pulumiservice provider). What it creates is code
 * and generated files (stacks/<s>/esc/, manifest.json, values.yaml), not configuration.
 */
/** The environments that live in Pulumi ESC (`local` is each stack's sample file and the sandbox; it imports nothing). */
export const ESC_ENVIRONMENTS = ['dev', 'staging', 'production'] as const;

/** Five-field cron (minute hour day month weekday), the syntax DriftSchedule's `scheduleCron` takes. */
const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;

export const driftSchema = z
  .object({
    /** GitHub `owner/name` of this workspace: Deployments clones it to run the stack's program. */
    repository: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'must be a GitHub owner/name'),
    /** Branch Deployments checks out (default `main`). */
    branch: z.string().min(1).default('main'),
    /** When drift detection runs (default every 6 hours). */
    cron: z
      .string()
      .refine((c) => c.trim().split(/\s+/).length === 5 && c.trim().split(/\s+/).every((f) => CRON_FIELD.test(f)), 'must be a five-field cron expression')
      .default('0 */6 * * *'),
    /** Run `up` when drift is found (default off; never in production, see the policy rules). */
    autoRemediate: z.boolean().default(false),
  })
  .strict();
export type DriftConfig = z.infer<typeof driftSchema>;

export const escConfig = defineNamespace('esc', {
  environment: {
    schema: z.enum(ESC_ENVIRONMENTS).optional(),
    optional: true,
    owner: 'esc-stack',
    kind: 'none',
    description:
      'Which ESC environment this stack manages (its <service>-<env> and secrets-<env>); defaults to the stack name. ' +
      'The local sample plans dev (the local stacks read Pulumi.local.yaml, not ESC)',
  },
  manageTeams: {
    schema: z.boolean().default(false),
    owner: 'esc-stack',
    kind: 'none',
    description:
      'Whether this stack creates the Pulumi teams (organisation-wide: exactly one stack may, the one deployed first, dev)',
  },
  drift: {
    schema: driftSchema.optional(),
    optional: true,
    owner: 'esc-stack',
    kind: 'none',
    description:
      'Drift detection in Pulumi Cloud (needs Pulumi Deployments): { repository: owner/name, branch?, cron?, autoRemediate? } ' +
      'gives every managed stack deployment settings and a drift schedule; unset, none is created (the Drift workflow runs instead)',
  },
  adoptExisting: {
    schema: z.array(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'entries are secrets-<env> or a stack project name')).default([]),
    owner: 'esc-stack',
    kind: 'none',
    description:
      'Objects that already exist in the organisation and are adopted (Pulumi import) instead of created: ' +
      'the secrets environment (secrets-<env>) and stacks by project name (e.g. lambda-labs)',
  },
}, { source: 'stack-file' });
