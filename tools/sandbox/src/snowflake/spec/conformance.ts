/**
 * Conformance of SQL API answers to the vendored description 2.0.0 (`snowflake-sqlapi-2.0.0.schema.json`, made by
 * scripts/vendor-snowflake-spec.js from snowflakedb/snowflake-rest-api-specs): the operation exists, the status is
 * one the operation documents, and a body the spec gives a schema (200 ResultSet, 202 QueryStatus, 422
 * QueryFailureStatus) validates against it.
 *
 * The spec documents the other errors (400, 401, 415, 429, 5xx, …) without a body; they are checked against the
 * `{code, message}` body Snowflake sends (code: digits). One format note: `statementStatusUrl` is `format: uri`,
 * but Snowflake sends a relative reference (`/api/v2/statements/<handle>`); both are accepted.
 */
import type { RecordedExchange, VendoredSpec } from '../../core/exchanges';
import { SchemaChecker, operationFinder, requestBodyProblems } from '../../core/spec-validation';
import spec from './snowflake-sqlapi-2.0.0.schema.json';

export { recordExchanges, type RecordedExchange } from '../../core/exchanges';

const VENDORED = spec as unknown as VendoredSpec;

const ERROR_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['message'],
  properties: { code: { type: 'string', pattern: '^[0-9]{6}$' }, message: { type: 'string', minLength: 1 } },
};

export class SnowflakeSpec {
  private readonly checker = new SchemaChecker('snowflake', VENDORED.components, {
    uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    uri: /^(https?:\/\/\S+|\/\S*)$/,
    int64: () => true,
  });
  readonly operation = operationFinder(VENDORED.paths);

  answerProblems(x: RecordedExchange): string[] {
    const op = this.operation(x.method, x.path);
    const at = `${x.method} ${x.path} → ${x.status}`;
    if (!op) return [`${at}: no such operation in the spec`];
    const schema = op.responses[String(x.status)];
    if (!schema) return [`${at}: status not documented for ${op.operationId} (documented: ${Object.keys(op.responses).join(', ')})`];
    if (Object.keys(schema).length === 0) return this.checker.problems('error', ERROR_BODY, x.body).map((e) => `${at} (error body): ${e}`);
    return this.checker.problems(`${op.template} ${x.method} ${x.status}`, schema, x.body).map((e) => `${at} (${op.operationId}): ${e}`);
  }

  requestProblems(x: RecordedExchange): string[] {
    return requestBodyProblems(this.checker, this.operation(x.method, x.path), x);
  }
}
