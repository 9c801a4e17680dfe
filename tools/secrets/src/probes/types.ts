/*
 * The readiness-probe interface: one live, cheap, read-only call per service with a timeout, answering whether the
 * credentials in the opened ESC environment work. Each service's probe is one file in this folder, registered in
 * ./index.ts. A probe never throws for an expected failure and never puts a value in its result: it returns a
 * ProbeResult whose verdict is `verified` (the service accepted the credential), `invalid` (the service refused it:
 * 401/403) or `unknown` (nothing conclusive: timeout, 5xx, unreachable, dropped connection, credential missing).
 */
import type { ProbeResult } from '../compliance/model';

/** The values a probe may use, by namespace key (`<namespace>:<key>`, e.g. `lambda-labs:apiKey`); absent when not set. */
export type ProbeInputs = Readonly<Record<string, string | undefined>>;

export interface ProbeOptions {
  /** The probe's whole budget; past it the verdict is `unknown` ("timed out after N ms"). */
  timeoutMs: number;
  /** The service's API base URL (tests: the sandbox emulator); default the real service. */
  baseUrl?: string;
  signal?: AbortSignal;
}

export interface Probe {
  /** The service probed: `lambda-labs`, `portkey`, `github`, `estuary`, `snowflake`, `pulumi`. */
  service: string;
  /** The namespace keys (`<namespace>:<key>`) the probe reads from ProbeInputs; the first is the credential. */
  keys: string[];
  /** The environment variable that overrides the base URL (e.g. `SOPHIA_PROBE_LAMBDA_LABS_URL`). */
  baseUrlEnv: string;
  run(values: ProbeInputs, opts: ProbeOptions): Promise<ProbeResult>;
}
