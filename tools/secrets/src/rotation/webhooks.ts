/*
 * GitHub webhook secrets (stacks/github `webhook_secrets`): made by the stack, never synced, so neither ESC nor
 * GitHub has a date for them. Their age is the rotation record's: `github:webhookSecretRotation` holds one
 * record per "<repository>/<webhook>" (written by `rotate` into secrets-<env>, so `rotatedAt` is that write's
 * ESC revision). A hook never rotated has no record: its secret dates from the stack's first deploy, which nothing
 * records, so the age is `unknown` (never overdue) until a first rotation gives it one.
 *
 * The rotation is ./generation's, like Snowflake's: rotations + 1 → `nx run github:up` (the hook signs with the
 * other slot, `webhook_previous_secrets` carries the old one for the receivers), 7 days later `retired` → `up`
 * (the old slot removed).
 */
import { escKeyLocation, type Namespace, rotationRecordSchema } from '@sophia-ai/config';
import { type EscStore, valueAt } from '@sophia-ai/esc-store';
import type { KeyAge } from '../compliance/model';
import { ROTATE_COMMAND } from '../manifest';
import { keyAge } from './age';
import type { RotationEntry } from './policy';

export const WEBHOOK_SECRETS = 'github:webhook_secrets';

/** The policy of every generated webhook secret (one entry: the output; each hook is `github:webhook_secrets[<repository>/<webhook>]`). */
export const webhookSecretsEntry: RotationEntry = {
  key: WEBHOOK_SECRETS,
  origin: 'esc',
  policy: {
    maxAgeDays: 180,
    rotatedBy: 'platform',
    command: ROTATE_COMMAND,
    // GitHub holds one secret per hook: receivers accept webhook_previous_secrets for 7 days, then it is retired.
    generation: { stack: 'github', configKey: 'webhookSecretRotation', retireAfterDays: 7 },
  },
};

/**
 * `ages` with the webhook secrets' placeholder (no synced copy: `unknown`) replaced by one age per recorded hook,
 * dated by its record's `rotatedAt`. No record at all: the placeholder stays, `unknown`.
 */
export async function withWebhookAges(ages: KeyAge[], opts: { store: EscStore; namespaces: Namespace[]; env: string; org?: string; now: Date }): Promise<KeyAge[]> {
  const ns = opts.namespaces.find((n) => n.name === 'github');
  if (!ns?.keys.webhookSecretRotation) return ages;
  const loc = escKeyLocation(ns, 'webhookSecretRotation', opts.env, opts.org);
  const raw = valueAt((await opts.store.read(loc.env))?.doc, loc.path);
  const records = raw && typeof raw === 'object' ? Object.entries(raw as Record<string, unknown>) : [];
  if (records.length === 0) return ages;
  const { policy, origin } = webhookSecretsEntry;
  // An invalid record gets no date here; ./generation refuses it when it plans the step, naming where it is.
  const recorded = records.map(([hook, r]) => {
    const parsed = rotationRecordSchema.safeParse(r);
    return keyAge({ key: `${WEBHOOK_SECRETS}[${hook}]`, policy, origin, env: opts.env, ...(parsed.success ? { escChangedAt: parsed.data.rotatedAt } : {}), now: opts.now });
  });
  return [...ages.filter((a) => a.key !== WEBHOOK_SECRETS), ...recorded];
}
