/**
 * The setup every emulator's conformance test file repeats: one served emulator for the file, every exchange
 * recorded (the file's last test checks them against the vendored spec), state and faults reset before each test.
 * Jest only: it registers the file's beforeAll / afterAll / beforeEach.
 */
import type { Emulator } from './types';
import { recordExchanges, type RecordedExchange } from './exchanges';
import { serveEmulator, type RunningEmulator } from './server';

export function serveRecordedForFile<E extends Emulator & { reset(): void }>(
  create: () => E,
  served: (s: { emulator: E; server: RunningEmulator; exchanges: RecordedExchange[] }) => void,
): void {
  let emulator: E;
  let server: RunningEmulator;
  beforeAll(async () => {
    emulator = create();
    const recorded = recordExchanges(emulator);
    server = await serveEmulator(recorded.emulator);
    served({ emulator, server, exchanges: recorded.exchanges });
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    emulator.reset();
    server.faults.clear();
  });
}
