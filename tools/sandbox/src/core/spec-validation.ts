/**
 * What the conformance checks of vendored OpenAPI 3.0 descriptions share: finding the operation of a concrete
 * request, and validating a body against a schema of the description with ajv (component references resolved
 * inside the vendored document), problems as readable lines.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import type { RecordedExchange, VendoredOperation } from './exchanges';

/** `$ref`s point into the document registered as `docId`; a `$ref`'s `nullable` sibling (ignored in 3.0) is dropped. */
export function refsInto(docId: string, node: unknown): unknown {
  if (Array.isArray(node)) return node.map((x) => refsInto(docId, x));
  if (!node || typeof node !== 'object') return node;
  const o = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace(/^#\/components\//, `${docId}#/components/`) : refsInto(docId, v)]));
  if (typeof o.$ref === 'string' && 'nullable' in o) delete o.nullable;
  return o;
}

/** The operation of `method path` among `paths` (templates relative to `base`); literal segments win over parameters. */
export function operationFinder<Op extends VendoredOperation>(paths: Record<string, Record<string, Op>>, base = '') {
  const templates = Object.keys(paths)
    .map((template) => ({ template, params: (template.match(/\{/g) ?? []).length, re: new RegExp(`^${base}${template.replace(/\{[^}]+\}/g, '[^/]+')}$`) }))
    .sort((a, b) => a.params - b.params);
  return (method: string, path: string): (Op & { template: string }) | undefined => {
    const found = templates.find((t) => t.re.test(path) && paths[t.template]![method.toLowerCase()]);
    return found && { ...paths[found.template]![method.toLowerCase()]!, template: found.template };
  };
}

export class SchemaChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    private readonly docId: string,
    components: object,
    formats: Record<string, RegExp | ((value: string) => boolean)> = {},
  ) {
    for (const [name, format] of Object.entries(formats)) this.ajv.addFormat(name, format);
    this.ajv.addSchema({ $id: docId, components: refsInto(docId, components) as object });
  }

  /** Problems of `value` against `schema` (compiled once per `key`); empty when it validates. */
  problems(key: string, schema: object, value: unknown): string[] {
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(refsInto(this.docId, schema) as object);
      this.compiled.set(key, fn);
    }
    if (fn(value)) return [];
    return (fn.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  }
}

/**
 * Problems of a recorded request's JSON body against its operation's `requestBody` schema: none when the operation
 * takes no body or none was sent; the operation as `operationFinder` found it (undefined: not in the spec).
 */
export function requestBodyProblems(checker: SchemaChecker, op: (VendoredOperation & { template: string }) | undefined, x: RecordedExchange): string[] {
  if (!op) return [`${x.method} ${x.path}: no such operation in the spec`];
  if (!op.requestBody || x.requestBody === undefined) return [];
  return checker.problems(`${op.template} ${x.method} request`, op.requestBody, x.requestBody).map((e) => `${x.method} ${x.path} request (${op.operationId}): ${e}`);
}

export const dateTimeFormat = (v: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v) && !Number.isNaN(Date.parse(v));
