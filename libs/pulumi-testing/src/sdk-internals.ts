import * as pulumi from '@pulumi/pulumi';

// The SDK keeps a few things we need out of its public typings. They are reached in this one file so an SDK
// upgrade that moves them breaks here, loudly, and nowhere else.

/** The SDK's wire encoding of a secret: `{ [SIG_KEY]: SECRET_SIG, value }` (rpc.ts specialSigKey/specialSecretSig). */
export const SIG_KEY = '4dabf18193072939515e22adb298388d';
export const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

/** The shape of the SDK's `MockMonitor` methods we wrap (protobuf requests, node-style callbacks). */
export interface MockMonitorLike {
  registerResource(req: RegisterRequestLike, cb: (err: unknown, resp?: UrnResponseLike) => void): unknown;
  readResource(req: ReadRequestLike, cb: (err: unknown, resp?: UrnResponseLike) => void): unknown;
}

export interface RegisterRequestLike {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
  getObject(): unknown;
  getIgnorechangesList(): string[];
  getRetainondelete(): boolean | undefined;
  getImportid(): string;
}

export interface ReadRequestLike {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getId(): string;
  getDependenciesList(): string[];
  getProperties(): unknown;
}

export interface UrnResponseLike {
  getUrn(): string;
}

interface RuntimeInternals {
  getMonitor(): unknown;
  waitForRPCs(): Promise<void>;
  deserializeProperties(struct: unknown, keepUnknowns?: boolean): Record<string, unknown>;
}

const internals = pulumi.runtime as unknown as RuntimeInternals;

/** The monitor `setMocks` just installed (a `MockMonitor`). */
export function currentMonitor(): MockMonitorLike {
  const monitor = internals.getMonitor() as MockMonitorLike | undefined;
  if (!monitor || typeof monitor.registerResource !== 'function') {
    throw new Error('pulumi-testing: no mock monitor installed (was setMocks awaited?)');
  }
  return monitor;
}

/** Resolves when every registration/invoke the SDK has in flight has answered. */
export function waitForRPCs(): Promise<void> {
  return internals.waitForRPCs();
}

/** Same decoding the mock monitor applies before calling `newResource` (secrets stay as sig objects). */
export function decodeStruct(struct: unknown): Record<string, unknown> {
  // The generated protobuf Struct types are not exposed; the SDK accepts the request's own Struct.
  return internals.deserializeProperties(struct);
}

/** Reads an Output's value, known-ness and secretness without `apply` (which skips unknown values). */
export interface OutputInternals<T> {
  promise(withUnknowns?: boolean): Promise<T>;
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
}
