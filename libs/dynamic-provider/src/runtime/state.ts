/**
 * State versioning. The engine stores a provider's outputs as the resource's state, and `refresh`/`destroy`
 * hand old state to the current runtime: every kind writes its schema version next to its outputs, and reads
 * state without one as version 0 (written before versions existed).
 */
import type { Props } from './types';

export const STATE_VERSION_KEY = 'schemaVersion';

/**
 * `outs` stamped with the kind's current state version, without its `undefined` fields: the engine's provider host
 * encodes outputs as a protobuf Struct, which has no undefined and fails the whole operation ("Unexpected struct
 * type") on one (the SDK mocks do not encode, so only the real engine shows it). A missing field reads back as
 * undefined anyway.
 */
export function versioned<T extends Props>(outs: T, version: number): T & { schemaVersion: number } {
  const defined = Object.fromEntries(Object.entries(outs).filter(([, v]) => v !== undefined));
  return { ...defined, [STATE_VERSION_KEY]: version } as T & { schemaVersion: number };
}

/** The version a piece of state was written with (0: before versions). */
export function stateVersionOf(props: Props): number {
  const v = props[STATE_VERSION_KEY];
  return typeof v === 'number' ? v : 0;
}
