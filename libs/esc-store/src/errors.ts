import { type EscEnvRef, escEnvName } from '@sophia-ai/stack-refs/src/esc-naming';

/** The definition changed since it was read (ETag/revision or content hash mismatch). Re-read and retry. */
export class ConflictError extends Error {
  constructor(
    readonly env: EscEnvRef,
    detail = 'it was changed by someone else since it was read',
  ) {
    super(`Conflict writing ESC environment ${escEnvName(env)}: ${detail}; re-read it and apply your change again`);
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends Error {
  constructor(readonly env: EscEnvRef) {
    super(`ESC environment ${escEnvName(env)} does not exist`);
    this.name = 'NotFoundError';
  }
}

export class AlreadyExistsError extends Error {
  constructor(readonly env: EscEnvRef) {
    super(`ESC environment ${escEnvName(env)} already exists`);
    this.name = 'AlreadyExistsError';
  }
}

/** No Pulumi access token: says how to get one. Never contains a token. */
export class MissingTokenError extends Error {
  constructor() {
    super(
      'PULUMI_ACCESS_TOKEN is not set. Create a personal or team access token at ' +
        'https://app.pulumi.com/account/tokens (or in your organisation settings), then `export PULUMI_ACCESS_TOKEN=…` ' +
        '(in CI: a repository secret). For the local sandbox use `--store local`.',
    );
    this.name = 'MissingTokenError';
  }
}

/** Any other failure talking to ESC: status and the service's message, never headers or the token. */
export class EscApiError extends Error {
  constructor(
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'EscApiError';
  }
}

/** The definition is not valid YAML / not an ESC definition. */
export class DefinitionError extends Error {
  constructor(env: EscEnvRef, detail: string) {
    super(`ESC environment ${escEnvName(env)} has an unreadable definition: ${detail}`);
    this.name = 'DefinitionError';
  }
}
