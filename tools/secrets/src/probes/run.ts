/*
 * Runs the readiness probes side by side, each with its base URL (the command's --probe-url, else the probe's
 * environment variable, else the real service) and the timeout. A probe that throws or overruns its timeout is
 * `unknown`: the run always answers one result per probe, in the list's order.
 */
import type { ProbeResult } from '../compliance/model';
import type { Probe, ProbeInputs } from './types';

export interface RunProbesOptions {
  timeoutMs: number;
  /** Base URL per service (`lambda-labs` → URL), over the probe's environment variable. */
  baseUrls?: Readonly<Record<string, string>>;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** Slack past the timeout before a probe that ignores it is cut off (its HTTP call gives up at the timeout itself). */
const GRACE_MS = 1_000;

export function probeBaseUrl(probe: Probe, opts: Pick<RunProbesOptions, 'baseUrls' | 'env'>): string | undefined {
  return opts.baseUrls?.[probe.service] ?? ((opts.env ?? process.env)[probe.baseUrlEnv] || undefined);
}

async function runOne(probe: Probe, values: ProbeInputs, opts: RunProbesOptions): Promise<ProbeResult> {
  const started = Date.now();
  const fallback = (detail: string): ProbeResult => ({ service: probe.service, readiness: 'unknown', call: '-', detail, keys: probe.keys, durationMs: Date.now() - started });
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve(fallback(`timed out after ${opts.timeoutMs} ms`)), opts.timeoutMs + GRACE_MS);
  });
  try {
    const baseUrl = probeBaseUrl(probe, opts);
    const run = probe.run(values, { timeoutMs: opts.timeoutMs, ...(baseUrl ? { baseUrl } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
    return await Promise.race([run, overrun]);
  } catch (err) {
    // A probe's own bug: said by its kind only, since a message could quote what the probe was given.
    return fallback(`the probe failed (${(err as Error)?.name ?? 'error'})`);
  } finally {
    clearTimeout(timer);
  }
}

export function runProbes(probes: readonly Probe[], values: ProbeInputs, opts: RunProbesOptions): Promise<ProbeResult[]> {
  return Promise.all(probes.map((p) => runOne(p, values, opts)));
}
