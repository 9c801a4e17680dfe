/**
 * The SDK records a stack trace for every promise it makes (runtime/debuggable.ts `debuggablePromise`: several per
 * resource property), read at once, for its leak report. Under ts-node each of those traces goes through
 * source-map-support, which maps every frame back to its source: 0.3–0.8 s of a stack's synth here. Synth keeps the
 * mapping for every other trace (a program's bug still points at its TypeScript lines) and gives those bookkeeping
 * traces V8's plain text; with PULUMI_DEBUG_PROMISE_LEAKS set (the one thing that prints them) they stay mapped.
 * Call it after the program's ts-node is registered: it wraps the `Error.prepareStackTrace` that one installed.
 */
export function plainTracesForSdkPromises(env: NodeJS.ProcessEnv = process.env): void {
  if (env.PULUMI_DEBUG_PROMISE_LEAKS) return;
  const mapped = Error.prepareStackTrace;
  if (!mapped) return;
  Error.prepareStackTrace = (error, frames) =>
    frames[0]?.getFunctionName() === 'debuggablePromise' ? plain(error, frames) : mapped(error, frames);
}

/** V8's own format: the error's first line, then one "    at <frame>" line per frame. */
function plain(error: Error, frames: NodeJS.CallSite[]): string {
  const head = `${error.name ?? 'Error'}${error.message ? `: ${error.message}` : ''}`;
  return [head, ...frames.map((f) => `    at ${f.toString()}`)].join('\n');
}
