/**
 * Estuary Flow's own rules (catalog model `estuary/flow:crates/models`, connector `estuary/connectors:
 * go/materialize/schedule_config.go`): the one source for this stack's config schema, its providers' `check`
 * and the sandbox emulator, so a preview rejects what the control plane would.
 */

export const ESTUARY_LIMITS = {
  /** Catalog names: `tenant/prefix/name`, segments of unicode letters/digits and `-_.`, no empty segment. */
  catalogName: /^[\p{L}\p{N}_.-]+(\/[\p{L}\p{N}_.-]+)+$/u,
  catalogNameMax: 512,
  /** A key inside the stack's spec (`<group>/<name>` or `<name>`): becomes `<tenant>/<env>/<key>`. */
  specKey: /^[a-z0-9][a-z0-9_.-]*(\/[a-z0-9][a-z0-9_.-]*)*$/,
  /** humantime durations as the models accept them for `interval`, e.g. `5m`, `1h 30m`. */
  humantime: /^(\d+\s*(ns|us|ms|s|sec|m|min|h|hr|d|w))(\s*\d+\s*(ns|us|ms|s|sec|m|min|h|hr|d|w))*$/,
  jsonPointer: /^(\/([^/~]|~[01])*)+$/,
  syncFrequencies: ['0s', '30s', '5m', '15m', '30m', '1h', '2h', '4h'] as const,
  onIncompatibleSchemaChange: ['backfill', 'disableBinding', 'disableTask', 'abort'] as const,
  logLevels: ['error', 'warn', 'info', 'debug', 'trace'] as const,
  timestampTypes: ['TIMESTAMP_LTZ', 'TIMESTAMP_NTZ (discard TZ)', 'TIMESTAMP_NTZ (normalize to UTC)', 'TIMESTAMP_TZ'] as const,
  snowflakeImage: 'ghcr.io/estuary/materialize-snowflake',
  snowflakeHost: /^[^/:]+\.snowflakecomputing\.com$/,
  /** The pub id that means "this name must not exist yet" (models `Id::zero`). */
  zeroPubId: '0000000000000000',
} as const;

/**
 * The public anon key of Estuary's Supabase project (flow-client `DEFAULT_PG_PUBLIC_TOKEN`): every PostgREST request
 * carries it as `apikey`. Public by design, not a credential; the sandbox emulator accepts it too.
 */
export const ESTUARY_PUBLIC_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6ImV5cmNubXV6enlyaXlwZGFqd2RrIiwicm9sZSI6ImFub24iLCJpYXQiOjE2NDg3NTA1NzksImV4cCI6MTk2NDMyNjU3OX0.y1OyXD3-DYMz10eGxzo1eeamVMMUwIIeOoMryTRAoco';

export interface SyncSchedule {
  syncFrequency?: string;
  timezone?: string;
  fastSyncStartTime?: string;
  fastSyncStopTime?: string;
  fastSyncEnabledDays?: string;
}

const DAYS = ['Su', 'M', 'T', 'W', 'Th', 'F', 'Sa'];
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const OFFSET = /^[+-]([01]\d|2[0-3]):[0-5]\d$/;

function validTimezone(tz: string): boolean {
  if (OFFSET.test(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}

/** `M-F`, `M,W,F`, `Su-T,Th-S`: comma-separated days or ranges of Su M T W Th F Sa. */
function validDays(days: string): boolean {
  const day = (d: string) => DAYS.includes(d) || d === 'S'; // the connector accepts S for Saturday in ranges
  return days.split(',').every((part) => {
    const [from, to, ...rest] = part.trim().split('-');
    return rest.length === 0 && from !== undefined && day(from) && (to === undefined || day(to));
  });
}

/**
 * What the connector's `syncSchedule` validation would refuse, as [field, reason] pairs: the frequency from its
 * enum, an IANA zone or ±HH:MM, HH:MM times, day lists, and the all-or-nothing rule (any of timezone / start /
 * stop / days set ⇒ syncFrequency, timezone, start and stop all required).
 */
export function syncScheduleProblems(s: SyncSchedule): Array<[keyof SyncSchedule, string]> {
  const problems: Array<[keyof SyncSchedule, string]> = [];
  if (s.syncFrequency !== undefined && !(ESTUARY_LIMITS.syncFrequencies as readonly string[]).includes(s.syncFrequency)) {
    problems.push(['syncFrequency', `must be one of ${ESTUARY_LIMITS.syncFrequencies.join(', ')}`]);
  }
  if (s.timezone !== undefined && !validTimezone(s.timezone)) problems.push(['timezone', 'must be an IANA time zone such as America/New_York, UTC or an offset +HH:MM']);
  for (const f of ['fastSyncStartTime', 'fastSyncStopTime'] as const) {
    if (s[f] !== undefined && !CLOCK.test(s[f]!)) problems.push([f, 'must be a time HH:MM (24 h)']);
  }
  if (s.fastSyncEnabledDays !== undefined && !validDays(s.fastSyncEnabledDays)) problems.push(['fastSyncEnabledDays', 'must list days or ranges of Su M T W Th F Sa, e.g. M-F or M,W,F']);
  const windowed = [s.timezone, s.fastSyncStartTime, s.fastSyncStopTime, s.fastSyncEnabledDays].some((v) => v !== undefined);
  if (windowed) {
    for (const f of ['syncFrequency', 'timezone', 'fastSyncStartTime', 'fastSyncStopTime'] as const) {
      if (s[f] === undefined) problems.push([f, 'is required when a fast-sync window is set (syncFrequency, timezone, fastSyncStartTime and fastSyncStopTime go together)']);
    }
  }
  return problems;
}

/** Endpoint config keys that hold credentials: never allowed as plain values in the spec (they go to endpointSecrets). */
export const SECRET_KEY_NAMES = /^(password|private_key|privateKey|client_secret|secret|access_token|refresh_token|api_key|apiKey|credentials_json|token)$/;

/** JSON pointers of plain values in `config` whose key names a credential (the spec must not carry them). */
export function plaintextSecretPointers(config: unknown, base = ''): string[] {
  if (!config || typeof config !== 'object') return [];
  return Object.entries(config as Record<string, unknown>).flatMap(([k, v]) => {
    const ptr = `${base}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (typeof v === 'string' && SECRET_KEY_NAMES.test(k) && !v.startsWith('ENC[')) return [ptr];
    return v && typeof v === 'object' && !Array.isArray(v) ? plaintextSecretPointers(v, ptr) : [];
  });
}
