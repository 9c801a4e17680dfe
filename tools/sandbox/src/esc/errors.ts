/**
 * ESC's error answers: `{code, message}` with the numeric HTTP status as `code` (the spec's `Error` schema), or
 * `{diagnostics: [{summary, path?}]}` for definitions and opens that do not check (`EnvironmentDiagnostics`).
 */
import type { EmulatorResponse } from '../core/types';

export type Answer = EmulatorResponse;

export interface Diagnostic {
  summary: string;
  path?: string;
}

export const ok = (body: unknown, headers: Record<string, string> = {}, status = 200): Answer => ({ status, body, headers });
export const yamlAnswer = (text: string | undefined, headers: Record<string, string> = {}): Answer => ({ status: 200, headers: { 'Content-Type': 'application/x-yaml', ...headers }, body: text });
export const noContent = (): Answer => ({ status: 204 });

export class EscError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly diagnostics?: Diagnostic[],
  ) {
    super(message);
  }
  answer(): Answer {
    return { status: this.status, body: this.diagnostics ? { diagnostics: this.diagnostics } : { code: this.status, message: this.message } };
  }
}

export const badRequest = (message: string) => new EscError(400, message);
export const withDiagnostics = (diagnostics: Diagnostic[]) => new EscError(400, diagnostics.map((d) => d.summary).join('; '), diagnostics);
export const notFound = (message: string) => new EscError(404, message);
export const conflict = (message: string) => new EscError(409, message);
export const forbidden = (message: string) => new EscError(403, message);
