/**
 * What the emulators' spec-conformance checks share: recording every exchange an emulator answers, and the shape of
 * a vendored OpenAPI description (scripts/vendor-*-spec.js keep paths, operations, responses and schemas).
 */
import type { Emulator, EmulatorRequest, EmulatorResponse } from './types';

/** One operation of a vendored spec: its id, request body and responses by status. */
export interface VendoredOperation {
  operationId?: string;
  requestBody?: object;
  responses: Record<string, object>;
}

export interface VendoredSpec {
  paths: Record<string, Record<string, VendoredOperation>>;
  components: { schemas: Record<string, object> };
}

export interface RecordedExchange {
  method: string;
  path: string;
  requestBody?: unknown;
  status: number;
  body: unknown;
}

/**
 * Wraps an emulator so every exchange it answers is recorded (tests then check them against the spec).
 * Requests and answers stay in memory of the test process; nothing is logged.
 */
export function recordExchanges(inner: Emulator): { emulator: Emulator; exchanges: RecordedExchange[] } {
  const exchanges: RecordedExchange[] = [];
  const emulator: Emulator = {
    name: inner.name,
    envVar: inner.envVar,
    reset: () => inner.reset?.(),
    control: (s) => inner.control?.(s),
    errorBody: inner.errorBody?.bind(inner),
    async handle(req: EmulatorRequest): Promise<EmulatorResponse | undefined> {
      const answer = await inner.handle(req);
      if (answer) {
        let requestBody: unknown;
        try {
          requestBody = req.body.length ? req.json() : undefined;
        } catch {
          requestBody = '<not JSON>';
        }
        exchanges.push({ method: req.method, path: req.path, requestBody, status: answer.status, body: answer.body });
      }
      return answer;
    },
  };
  return { emulator, exchanges };
}
