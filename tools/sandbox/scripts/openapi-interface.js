/**
 * What the vendor scripts keep of an OpenAPI description: its interface data (names, types, constraints), with
 * prose stripped (description, summary, title, example(s), default messages, tags, x- extensions).
 */
const PROSE = new Set(['description', 'summary', 'title', 'example', 'examples', 'default', 'tags', 'externalDocs']);

/** Drops prose keys; keys inside `properties` are property names (a property may be called `description`). */
function strip(node, inProperties = false) {
  if (Array.isArray(node)) return node.map((x) => strip(x));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (!inProperties && (PROSE.has(k) || k.startsWith('x-'))) continue;
    out[k] = strip(v, !inProperties && (k === 'properties' || k === 'patternProperties'));
  }
  return out;
}

/** The JSON schema of a request or response `content` map. */
function jsonSchemaOf(content) {
  return content?.['application/json']?.schema;
}

/** Follows non-schema `$ref`s (#/components/responses|parameters|requestBodies/...) to their objects. */
function resolver(spec) {
  return (x) => {
    while (x && x.$ref && !x.$ref.startsWith('#/components/schemas/')) x = x.$ref.split('/').slice(1).reduce((o, k) => o[k], spec);
    return x;
  };
}

/**
 * The kept operations of a spec, by path and method: operationId, parameters, request schema and a schema per
 * response status (prose stripped). JSON content only, or with `withContentTypes` the first content type of each
 * body, named in `contentTypes` / `requestContentType` (for APIs that answer YAML).
 */
function vendorOperations(spec, { keep = () => true, withContentTypes = false } = {}) {
  const deref = resolver(spec);
  const bodyOf = (content) => {
    if (!withContentTypes) return { schema: jsonSchemaOf(content) };
    const [type] = Object.keys(content ?? {});
    return { schema: type ? (content[type].schema ?? {}) : undefined, type };
  };
  const paths = {};
  for (const [p, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op || typeof op !== 'object' || !op.responses || !keep(p, method)) continue;
      const responses = {};
      const contentTypes = {};
      for (const [status, r] of Object.entries(op.responses)) {
        const { schema, type } = bodyOf(deref(r)?.content);
        responses[status] = strip(schema ?? {});
        if (type) contentTypes[status] = type;
      }
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
      const request = op.requestBody ? bodyOf(deref(op.requestBody).content) : undefined;
      (paths[p] ??= {})[method] = {
        operationId: op.operationId,
        ...(parameters.length ? { parameters: parameters.map((x) => strip({ in: x.in, name: x.name, required: x.required ?? false, schema: x.schema })) } : {}),
        ...(request ? { requestBody: strip(request.schema ?? {}), ...(withContentTypes ? { requestContentType: request.type } : {}) } : {}),
        responses,
        ...(withContentTypes ? { contentTypes } : {}),
      };
    }
  }
  return paths;
}

/** The component schemas `roots` reach (transitively), prose stripped. */
function reachableSchemas(spec, roots) {
  const schemas = {};
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/components/schemas/')) {
      const name = node.$ref.slice('#/components/schemas/'.length);
      if (!(name in schemas)) {
        schemas[name] = strip(spec.components.schemas[name], false);
        visit(spec.components.schemas[name]);
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(roots);
  return schemas;
}

module.exports = { strip, jsonSchemaOf, resolver, vendorOperations, reachableSchemas };
