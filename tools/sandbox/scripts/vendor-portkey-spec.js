#!/usr/bin/env node
/**
 * Vendors the machine-readable parts of Portkey's OpenAPI description that the emulator answers (the control
 * plane: workspaces and their members, the organisation's users, integrations, providers, configs, API keys,
 * policies, virtual keys) into the sandbox's test
 * data: paths, methods, parameters, request and response schemas per status code, and the component schemas
 * they reach. Prose is stripped (description, summary, title, example(s), default messages, tags).
 *
 *   node tools/sandbox/scripts/vendor-portkey-spec.js <path to portkey-openapi-2.0.0.yaml>
 *
 * Source: https://github.com/Portkey-AI/portkey-openapi (openapi.yaml, OpenAPI 3.0.0, info.version 2.0.0),
 * MIT License (https://github.com/Portkey-AI/portkey-openapi/blob/master/LICENSE).
 */
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { strip, jsonSchemaOf, reachableSchemas } = require('./openapi-interface');

const CONTROL_PLANE = /^\/(admin\/workspaces|admin\/users(\/\{userId\})?$|integrations|providers|configs|api-keys|policies|virtual-keys)(\/|$)/;
const OUT = path.join(__dirname, '../src/portkey/spec/portkey-openapi-2.0.0.schema.json');

function main() {
  const source = process.argv[2];
  if (!source) throw new Error('usage: vendor-portkey-spec.js <portkey-openapi-2.0.0.yaml>');
  const spec = YAML.parse(fs.readFileSync(source, 'utf8'), { maxAliasCount: -1 });
  if (spec.info?.version !== '2.0.0') throw new Error(`expected spec version 2.0.0, got ${spec.info?.version}`);
  /** Follows a non-schema $ref (#/components/responses|parameters|requestBodies/...) to its object. */
  const deref = (x) => {
    while (x && x.$ref && !x.$ref.startsWith('#/components/schemas/')) x = x.$ref.split('/').slice(1).reduce((o, k) => o[k], spec);
    return x;
  };
  const paths = {};
  for (const [p, item] of Object.entries(spec.paths)) {
    if (!CONTROL_PLANE.test(p)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      const responses = {};
      for (const [status, r] of Object.entries(op.responses)) responses[status] = strip(jsonSchemaOf(deref(r).content) ?? {});
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
      (paths[p] ??= {})[method] = {
        operationId: op.operationId,
        ...(parameters.length ? { parameters: parameters.map((x) => strip({ in: x.in, name: x.name, required: x.required ?? false, schema: x.schema })) } : {}),
        ...(op.requestBody ? { requestBody: strip(jsonSchemaOf(deref(op.requestBody).content) ?? {}) } : {}),
        responses,
      };
    }
  }
  // Only the component schemas the kept paths reach (transitively).
  const schemas = reachableSchemas(spec, paths);
  const out = {
    'x-source': {
      url: 'https://github.com/Portkey-AI/portkey-openapi/blob/master/openapi.yaml',
      title: spec.info.title,
      version: spec.info.version,
      openapi: spec.openapi,
      license: `${spec.info.license?.name} (${spec.info.license?.url}); interface data only (prose stripped), for conformance tests`,
      generatedBy: 'tools/sandbox/scripts/vendor-portkey-spec.js',
    },
    paths,
    components: { schemas },
  };
  fs.writeFileSync(OUT, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${Object.keys(paths).length} paths, ${Object.keys(schemas).length} schemas`);
}

main();
