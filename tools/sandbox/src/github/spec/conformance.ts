/**
 * Conformance of GitHub answers to the vendored REST description 1.1.4 (`github-rest-1.1.4.schema.json`, made by
 * scripts/vendor-github-spec.js): the operation exists, a success status is one the operation documents and its
 * body validates against that status's schema (OpenAPI 3.0: ajv with `nullable`).
 *
 * The secrets operations document success answers only; every error (401, 403/429 rate limits, 404, 409, 422)
 * is checked against the spec's own error schemas: `validation-error` for 422, `basic-error` otherwise (also
 * for the 409s the selected-repository operations list without a body).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import type { RecordedExchange, VendoredOperation, VendoredSpec } from '../../core/exchanges';
import spec from './github-rest-1.1.4.schema.json';

export { recordExchanges, type RecordedExchange } from '../../core/exchanges';

/**
 * Operations the emulator answers outside the vendored subset: `GET /repos/{owner}/{repo}` (the full-repository
 * schema is not in the subset; its answer is checked as `minimal-repository`, which full-repository extends).
 */
const OUTSIDE_SUBSET: VendoredSpec['paths'] = {
  '/repos/{owner}/{repo}': { get: { operationId: 'repos/get (minimal-repository)', responses: { '200': { $ref: '#/components/schemas/minimal-repository' } } } },
};
const SPEC: VendoredSpec = { ...(spec as unknown as VendoredSpec), paths: { ...(spec as unknown as VendoredSpec).paths, ...OUTSIDE_SUBSET } };

/** OpenAPI 3.0 → ajv: component references point into the `github` document; `nullable` is an ajv keyword. */
function forAjv(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forAjv);
  if (!node || typeof node !== 'object') return node;
  const o = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace(/^#\/components\//, 'github#/components/') : forAjv(v)]));
  if (typeof o.$ref === 'string' && 'nullable' in o) delete o.nullable;
  return o;
}

export class GithubSpec {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates = Object.keys(SPEC.paths)
    .map((t) => ({ template: t, params: (t.match(/\{/g) ?? []).length, re: new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`) }))
    .sort((a, b) => a.params - b.params);

  constructor() {
    this.ajv.addFormat('date-time', (v: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v) && !Number.isNaN(Date.parse(v)));
    this.ajv.addFormat('uri', (v: string) => /^https?:\/\/\S+$/.test(v));
    this.ajv.addFormat('email', /@/);
    this.ajv.addFormat('int64', () => true);
    this.ajv.addSchema({ $id: 'github', components: forAjv(SPEC.components) as object });
  }

  operation(method: string, path: string): (VendoredOperation & { template: string }) | undefined {
    const found = this.templates.find((t) => t.re.test(path) && SPEC.paths[t.template]![method.toLowerCase()]);
    return found && { ...SPEC.paths[found.template]![method.toLowerCase()]!, template: found.template };
  }

  answerProblems(x: RecordedExchange): string[] {
    const op = this.operation(x.method, x.path);
    const at = `${x.method} ${x.path} → ${x.status}`;
    if (!op) return [`${at}: no such operation in the spec`];
    const documented = op.responses[String(x.status)];
    // Errors the operation lists without a body (409 of the selected-repository calls) carry GitHub's error body too.
    if (x.status >= 400 && (!documented || Object.keys(documented).length === 0)) {
      const schema = x.status === 422 ? 'validation-error' : 'basic-error';
      const problems = this.validate(schema, { $ref: `#/components/schemas/${schema}` }, x.body).map((e) => `${at} (${schema}): ${e}`);
      if (typeof (x.body as { message?: unknown })?.message !== 'string') problems.push(`${at}: an error without a message`);
      return problems;
    }
    const schema = op.responses[String(x.status)];
    if (!schema) return [`${at}: status not documented for ${op.operationId ?? op.template} (documented: ${Object.keys(op.responses).join(', ')})`];
    if (Object.keys(schema).length === 0) return x.body === undefined || x.body === '' ? [] : [`${at}: a body where the spec documents none`];
    return this.validate(`${op.template} ${x.method} ${x.status}`, schema, x.body).map((e) => `${at} (${op.operationId}): ${e}`);
  }

  requestProblems(x: RecordedExchange): string[] {
    const op = this.operation(x.method, x.path);
    if (!op) return [`${x.method} ${x.path}: no such operation in the spec`];
    if (!op.requestBody || x.requestBody === undefined) return [];
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
