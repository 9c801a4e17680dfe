/*
 * The shapes shared by `validate`, `status`, `rotate` and `report`: what each check found about one key, by name
 * only. Nothing here ever holds a value, a hash or a fragment of either: these objects are printed, posted to
 * GitHub issues and Slack, and archived as JSON.
 *
 * Producers: ../validate (presence, shape, placeholders, readiness), ../rotation (age vs policy, rotation command),
 * the sync's status (last sync, ledger vs both sides, pending conflicts). Consumer: ../report (md | json | html) and
 * ../notify (one GitHub issue per environment, Slack).
 */

/** A probe's verdict. `unknown`: the probe itself could not run (timeout, 5xx, unreachable, no credential to try). */
export type Readiness = 'verified' | 'invalid' | 'unknown';

/** One live, read-only readiness call against a service. */
export interface ProbeResult {
  /** The service probed: `lambda-labs`, `portkey`, `github`, `estuary`, `snowflake`, `pulumi`. */
  service: string;
  readiness: Readiness;
  /** What was called, e.g. `GET /api/v1/instance-types` (no query values, no credential). */
  call: string;
  /** Why, in words an operator acts on (`401 Unauthorized: the API key was refused`, `timed out after 5000 ms`). */
  detail: string;
  /** The namespace keys (`<service>:<key>`) whose values the probe used. */
  keys: string[];
  durationMs: number;
}

export type Presence = 'present' | 'missing' | 'optional-missing';

/** The static checks of one namespace key in one opened ESC environment. */
export interface KeyValidation {
  /** `<namespace>:<key>`, e.g. `lambda-labs:apiKey`. */
  key: string;
  /** Where the value belongs: the ESC environment and path (e.g. `sophia-ai/lambda-labs-dev` `pulumiConfig.lambda-labs:apiKey`). */
  location: string;
  githubSecret?: string;
  secret: boolean;
  presence: Presence;
  /** The schema's complaint (`expected a number`), never the value. */
  shapeProblem?: string;
  /** The placeholder family that matched (`changeme`, `todo`, `example`, …), never the value. */
  placeholder?: string;
  /** In production a placeholder or missing required key is an error; elsewhere a placeholder is a warning. */
  severity: 'ok' | 'warning' | 'error';
}

/** How old a key's value is against its namespace's policy. */
export interface KeyAge {
  key: string;
  /** When the value last changed, and where that date comes from. */
  changedAt?: string;
  source: 'esc-revision' | 'github-updated_at' | 'unknown';
  ageDays?: number;
  maxAgeDays?: number;
  overdue: boolean;
  /** Who rotates it: the platform (a command) or the person/vendor that issued it. */
  rotatedBy: 'platform' | 'issuer';
  /** For platform-generated keys: the one command that rotates it without downtime. */
  rotateCommand?: string;
}

/** The sync's view of one key (from the ledger and both sides). */
export interface KeySyncState {
  key: string;
  githubSecret: string;
  scope: string;
  lastSync?: string;
  /** The sync's action if it ran now (`noop`, `update`, `drift`, `conflict`, …) and its reason. */
  action: string;
  reason: string;
}

/** Everything known about one environment's secrets: the report's input. */
export interface ComplianceSnapshot {
  env: string;
  generatedAt: string;
  keys: KeyValidation[];
  probes: ProbeResult[];
  ages: KeyAge[];
  sync: KeySyncState[];
}
