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
import Ajv, { type ValidateFunction } from 'ajv';
import YAML from 'yaml';
import type { RecordedExchange, VendoredOperation, VendoredSpec } from '../../core/exchanges';
import spec from './esc-openapi-0.1.0.schema.json';

export { recordExchanges, type RecordedExchange } from '../../core/exchanges';

type EscOperation = VendoredOperation & { contentTypes: Record<string, string>; requestContentType?: string };
const SPEC = spec as unknown as VendoredSpec & { paths: Record<string, Record<string, EscOperation>> };
const BASE = '/api/esc';

function forAjv(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forAjv);
  if (!node || typeof node !== 'object') return node;
  const o = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace(/^#\/components\//, 'esc#/components/') : forAjv(v)]));
  return o;
}

function definitionsAsWritten(schemas: Record<string, object>): Record<string, object> {
  const values = JSON.parse(JSON.stringify(schemas.EnvironmentDefinitionValues)) as { additionalProperties: unknown; properties: Record<string, { additionalProperties: unknown }> };
  values.additionalProperties = {};
  for (const k of ['environmentVariables', 'files']) values.properties[k]!.additionalProperties = { anyOf: [{ type: 'string' }, { type: 'object' }] };
  return { ...schemas, EnvironmentDefinitionValues: values };
}

export class EscSpec {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates = Object.keys(SPEC.paths)
    .map((t) => ({ template: t, params: (t.match(/\{/g) ?? []).length, re: new RegExp(`^${BASE}${t.replace(/\{[^}]+\}/g, '[^/]+')}$`) }))
    .sort((a, b) => a.params - b.params);

  constructor() {
    this.ajv.addFormat('uri-reference', () => true);
    this.ajv.addSchema({ $id: 'esc', components: { schemas: forAjv(definitionsAsWritten(SPEC.components.schemas)) } });
  }

  operation(method: string, path: string): (EscOperation & { template: string }) | undefined {
    const found = this.templates.find((t) => t.re.test(path) && SPEC.paths[t.template]![method.toLowerCase()]);
    return found && { ...SPEC.paths[found.template]![method.toLowerCase()]!, template: found.template };
  }

  answerProblems(x: RecordedExchange): string[] {
    const op = this.operation(x.method, x.path);
    const at = `${x.method} ${x.path} → ${x.status}`;
    if (!op) return [`${at}: no such operation in the spec`];
    const status = String(x.status);
    const key = op.responses[status] ? status : x.status >= 400 && op.responses.default ? 'default' : undefined;
    if (!key) return [`${at}: status not documented for ${op.operationId} (documented: ${Object.keys(op.responses).join(', ')})`];
    const schema = op.responses[key]!;
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
    return this.validate(`${op.template} ${x.method} ${key}`, schema, body).map((e) => `${at} (${op.operationId}): ${e}`);
  }

  requestProblems(x: RecordedExchange): string[] {
    const op = this.operation(x.method, x.path);
    if (!op) return [`${x.method} ${x.path}: no such operation in the spec`];
    if (!op.requestBody || x.requestBody === undefined || op.requestContentType !== 'application/json') return [];
    return this.validate(`${op.template} ${x.method} request`, op.requestBody, x.requestBody).map((e) => `${x.method} ${x.path} request (${op.operationId}): ${e}`);
  }

  private validate(key: string, schema: object, value: unknown): string[] {
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(forAjv(schema) as object);
      this.compiled.set(key, fn);
    }
    if (fn(value)) return [];
    return (fn.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  }
}
