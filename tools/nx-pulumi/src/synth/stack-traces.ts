/** What synth records in place of a trace the SDK takes for its promise-leak report. */
export const UNRECORDED_SDK_TRACE = 'Error: (trace not recorded by synth; set PULUMI_DEBUG_PROMISE_LEAKS to record it)';

/**
 * Two stack traces the SDK takes for its own bookkeeping, by the function that takes them:
 * - `debuggablePromise` (runtime/debuggable.ts): one per promise it makes, several per resource property, kept for
 *   the leak report, which prints them only with PULUMI_DEBUG_PROMISE_LEAKS set;
 * - `callsites` (resource.ts `Resource.callsites`): one per resource, with no frame limit, for the source position
 *   its registration sends the engine; synth's mock monitor discards it and a plan never shows it.
 * Under ts-node every trace goes through source-map-support, which maps each frame back to its source: 0.3–0.8 s of
 * a stack's synth here, and still 0.1–0.2 s when only formatted. Synth records one line for those two and keeps
 * the mapping for every other trace (a program's bug still points at its TypeScript lines); with
 * PULUMI_DEBUG_PROMISE_LEAKS set, the promises' traces are recorded and mapped as usual.
 * Call it after the program's ts-node is registered: it wraps the `Error.prepareStackTrace` that one installed.
 */
export function unrecordedSdkTraces(env: NodeJS.ProcessEnv = process.env): void {
  const mapped = Error.prepareStackTrace;
  if (!mapped) return;
  const unrecorded = new Map<string, string>([['callsites', 'Error']]);
  if (!env.PULUMI_DEBUG_PROMISE_LEAKS) unrecorded.set('debuggablePromise', UNRECORDED_SDK_TRACE);
  Error.prepareStackTrace = (error, frames) => unrecorded.get(frames[0]?.getFunctionName() ?? '') ?? mapped(error, frames);
}
