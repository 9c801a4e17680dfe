/** Adapts a served @sophia-ai/sandbox emulator (structurally: no dependency on the tool) to the kit. */
import type { EmulatorUnderTest } from './rules';

export interface SandboxServerLike {
  faults: { dropAfterHandle(fault: { next: number; method?: string; path?: string }): unknown; clear(): unknown; readonly injected: { drop: number } };
}

/** The fault half of EmulatorUnderTest: `create` names the request that creates an object of the kind. */
export function sandboxFaults(server: SandboxServerLike, create: { method: string; path: string }): Pick<EmulatorUnderTest, 'dropNextCreate' | 'clearFaults' | 'dropsInjected'> {
  let dropped = 0;
  return {
    dropNextCreate: () => void server.faults.dropAfterHandle({ next: 1, ...create }),
    // clear() zeroes the counters: count drops across clears, so the rule sees the ones of its own create.
    clearFaults: () => {
      dropped += server.faults.injected.drop;
      server.faults.clear();
    },
    dropsInjected: () => dropped + server.faults.injected.drop,
  };
}
