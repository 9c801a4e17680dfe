/**
 * Conformance of ESC answers to the vendored spec 0.1.0 (`esc-openapi-0.1.0.schema.json`, made by
 * scripts/vendor-esc-spec.js): the operation exists, the status is one it documents (errors may also fall
 * under `default`, the `Error` schema), and the body validates against that status's schema; YAML answers
 * (definitions) are parsed first.
 *
 * Two deliberate departures, where the spec's `EnvironmentDefinition` describes evaluated values rather than
 * definitions (its own example `values: {foo: bar}` fails it): other top-level `values` entries may be
 * scalars, and `environmentVariables`/`files` entries may be expressions (`{fn::secret: {ciphertext}}`) as well
 * as strings. Request bodies are checked for JSON operations only (the YAML ones are `type: string`).
 */
import YAML from 'yaml';
import type { RecordedExchange, VendoredOperation, VendoredSpec } from '../../core/exchanges';
import { SchemaChecker, operationFinder, requestBodyProblems } from '../../core/spec-validation';
import spec from './esc-openapi-0.1.0.schema.json';

export { recordExchanges, type RecordedExchange } from '../../core/exchanges';

type EscOperation = VendoredOperation & { contentTypes: Record<string, string>; requestContentType?: string };
const SPEC = spec as unknown as VendoredSpec & { paths: Record<string, Record<string, EscOperation>> };

function definitionsAsWritten(schemas: Record<string, object>): Record<string, object> {
  const values = JSON.parse(JSON.stringify(schemas.EnvironmentDefinitionValues)) as { additionalProperties: unknown; properties: Record<string, { additionalProperties: unknown }> };
  values.additionalProperties = {};
  for (const k of ['environmentVariables', 'files']) values.properties[k]!.additionalProperties = { anyOf: [{ type: 'string' }, { type: 'object' }] };
  return { ...schemas, EnvironmentDefinitionValues: values };
}

export class EscSpec {
  private readonly checker = new SchemaChecker('esc', { schemas: definitionsAsWritten(SPEC.components.schemas) }, { 'uri-reference': () => true });
  readonly operation = operationFinder(SPEC.paths, '/api/esc');

  answerProblems(x: RecordedExchange): string[] {
    const op = this.operation(x.method, x.path);
    const at = `${x.method} ${x.path} → ${x.status}`;
    if (!op) return [`${at}: no such operation in the spec`];
    const status = String(x.status);
    const key = op.responses[status] ? status : x.status >= 400 && op.responses.default ? 'default' : undefined;
    if (!key) return [`${at}: status not documented for ${op.operationId} (documented: ${Object.keys(op.responses).join(', ')})`];
    const type = op.contentTypes[key];
    if (!type) return x.body === undefined || x.body === '' ? [] : [`${at}: a body where the spec documents none`];
    let body = x.body;
    if (type === 'application/x-yaml') {
      if (typeof body !== 'string') return [`${at}: expected a YAML document`];
      try {
        body = YAML.parse(body) ?? {};
      } catch (err) {
        return [`${at}: not YAML (${(err as Error).message.split('\n')[0]})`];
      }
    }
    return this.checker.problems(`${op.template} ${x.method} ${key}`, op.responses[key]!, body).map((e) => `${at} (${op.operationId}): ${e}`);
  }

  requestProblems(x: RecordedExchange): string[] {
    const op = this.operation(x.method, x.path);
    // A YAML definition body is checked by the definition tests, not against a JSON schema.
    if (op && op.requestContentType !== 'application/json') return [];
    return requestBodyProblems(this.checker, op, x);
  }
}
