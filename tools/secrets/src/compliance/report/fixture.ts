/*
 * A snapshot of `production` with one of every finding the report knows: a missing required key, a wrong shape,
 * a placeholder (refused in production), a probe that refused a credential and one that could not tell, an
 * overdue platform key and an overdue issuer key, an undatable age, drift, a conflict, a pending update, a sync
 * error, an ESC environment that cannot open, and keys that are fine. Test data: names only — the canaries below
 * are values the checks saw, which nothing rendered may contain.
 */
import type { ReportInput } from './rows';

/** Values the checks read (never part of a snapshot: if one shows up in an output, something leaked). */
export const CANARIES = ['canary-lambda-key-9Xq2Rv7Lm', 'canary-portkey-Zz81Kq', 'https://hooks.slack.com/services/T0CANARY/B0CANARY/canaryWebhook42'];

export const FIXTURE: ReportInput = {
  env: 'production',
  generatedAt: '2026-12-01T12:00:00.000Z',
  problems: ['ESC cannot open sophia-ai/estuary-production: reference to a missing secret (the stack cannot read its configuration until this is fixed)'],
  keys: [
    { key: 'lambda-labs:apiKey', location: 'sophia-ai/lambda-labs-production pulumiConfig.lambda-labs:apiKey', githubSecret: 'LAMBDA_API_KEY', secret: true, presence: 'present', severity: 'ok' },
    { key: 'portkey:apiKey', location: 'sophia-ai/portkey-production pulumiConfig.portkey:apiKey', githubSecret: 'PORTKEY_API_KEY', secret: true, presence: 'present', placeholder: 'changeme', severity: 'error' },
    { key: 'snowflake:account', location: 'sophia-ai/snowflake-production pulumiConfig.snowflake:account', secret: false, presence: 'missing', severity: 'error' },
    { key: 'estuary:refreshToken', location: 'sophia-ai/secrets-production estuary.refreshToken', githubSecret: 'ESTUARY_REFRESH_TOKEN', secret: true, presence: 'present', shapeProblem: 'expected a string of at least 20 characters', severity: 'error' },
    { key: 'github:webhookUrls', location: 'sophia-ai/github-production pulumiConfig.github:webhookUrls', secret: false, presence: 'optional-missing', severity: 'ok' },
    { key: 'github:token', location: 'sophia-ai/secrets-production github.token', githubSecret: 'SOPHIA_GITHUB_ADMIN_TOKEN', secret: true, presence: 'present', severity: 'ok' },
    { key: 'snowflake:privateKey', location: 'sophia-ai/secrets-production snowflake.privateKey', githubSecret: 'SNOWFLAKE_PRIVATE_KEY', secret: true, presence: 'present', severity: 'ok' },
  ],
  probes: [
    { service: 'lambda-labs', readiness: 'invalid', call: 'GET /api/v1/instance-types', detail: '401 Unauthorized: the API key was refused', keys: ['lambda-labs:apiKey'], durationMs: 120 },
    { service: 'github', readiness: 'verified', call: 'GET /user', detail: 'authenticated as sophia-ai-sync-bot', keys: ['github:token'], durationMs: 80 },
    { service: 'snowflake', readiness: 'unknown', call: 'POST /api/v2/statements', detail: 'timed out after 10000 ms', keys: ['snowflake:privateKey', 'snowflake:account'], durationMs: 10000 },
  ],
  ages: [
    { key: 'snowflake:privateKey', changedAt: '2026-06-01T00:00:00Z', source: 'esc-revision', ageDays: 183, maxAgeDays: 90, overdue: true, rotatedBy: 'platform', rotateCommand: 'npx nx run snowflake:rotate-key -- --env production' },
    { key: 'github:token', changedAt: '2026-01-01T00:00:00Z', source: 'github-updated_at', ageDays: 334, maxAgeDays: 90, overdue: true, rotatedBy: 'issuer' },
    { key: 'lambda-labs:apiKey', changedAt: '2026-11-20T00:00:00Z', source: 'esc-revision', ageDays: 11, maxAgeDays: 180, overdue: false, rotatedBy: 'issuer' },
    { key: 'portkey:apiKey', source: 'unknown', maxAgeDays: 90, overdue: false, rotatedBy: 'issuer' },
  ],
  sync: [
    { key: 'lambda-labs:apiKey', githubSecret: 'LAMBDA_API_KEY', scope: 'repo:sophia-ai/sophia-ml-models', lastSync: '2026-11-20T00:05:00Z', action: 'noop', reason: 'in sync' },
    { key: 'portkey:apiKey', githubSecret: 'PORTKEY_API_KEY', scope: 'repo:sophia-ai/sophia-ml-models', lastSync: '2026-11-01T00:00:00Z', action: 'drift', reason: 'changed in GitHub since the last sync; ESC owns it (--restore puts it back)' },
    { key: 'github:token', githubSecret: 'SOPHIA_GITHUB_ADMIN_TOKEN', scope: 'repo:sophia-ai/sophia-ai-infrastructure', action: 'conflict', reason: 'both sides changed since the last sync (--prefer esc|github)' },
    { key: 'estuary:refreshToken', githubSecret: 'ESTUARY_REFRESH_TOKEN', scope: 'env:sophia-ai/sophia-data-pipelines/production', lastSync: '2026-10-01T00:00:00Z', action: 'update', reason: 'ESC changed since the last sync' },
    { key: 'snowflake:privateKey', githubSecret: 'SNOWFLAKE_PRIVATE_KEY', scope: 'repo:sophia-ai/sophia-data-pipelines', action: 'error', reason: 'GitHub writing SNOWFLAKE_PRIVATE_KEY failed with HTTP 403 <script>alert(1)</script> | pipe' },
  ],
};

/** The same environment, every check green. */
export const GREEN: ReportInput = {
  env: 'production',
  generatedAt: '2026-12-02T12:00:00.000Z',
  problems: [],
  keys: [{ key: 'lambda-labs:apiKey', location: 'sophia-ai/lambda-labs-production pulumiConfig.lambda-labs:apiKey', secret: true, presence: 'present', severity: 'ok' }],
  probes: [{ service: 'lambda-labs', readiness: 'verified', call: 'GET /api/v1/instance-types', detail: '200', keys: ['lambda-labs:apiKey'], durationMs: 90 }],
  ages: [{ key: 'lambda-labs:apiKey', source: 'esc-revision', changedAt: '2026-11-20T00:00:00Z', ageDays: 12, maxAgeDays: 180, overdue: false, rotatedBy: 'issuer' }],
  sync: [{ key: 'lambda-labs:apiKey', githubSecret: 'LAMBDA_API_KEY', scope: 'repo:sophia-ai/sophia-ml-models', lastSync: '2026-11-20T00:05:00Z', action: 'noop', reason: 'in sync' }],
};
