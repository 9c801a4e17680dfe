#!/usr/bin/env node
/**
 * Vendors the machine-readable parts of Lambda Cloud's OpenAPI description into the sandbox's test data:
 * paths, methods, parameters, request and response schemas per status code, and the component schemas.
 * Prose is stripped (description, summary, title, example(s), default messages, tags).
 *
 *   node tools/sandbox/scripts/vendor-lambda-spec.js <path to lambda-cloud-openapi-1.8.3.json>
 *
 * Source: https://cloud.lambda.ai/api/v1/openapi.json (Lambda Cloud API, OpenAPI 3.1.0, info.version 1.8.3).
 * The description states no license; only its interface data (names, types, constraints) is kept, to test
 * that the emulator answers what the API documents.
 */
const fs = require('node:fs');
const path = require('node:path');
const { strip, jsonSchemaOf } = require('./openapi-interface');

const OUT = path.join(__dirname, '../src/lambda/spec/lambda-cloud-openapi-1.8.3.schema.json');

function main() {
  const source = process.argv[2];
  if (!source) throw new Error('usage: vendor-lambda-spec.js <lambda-cloud-openapi-1.8.3.json>');
  const spec = JSON.parse(fs.readFileSync(source, 'utf8'));
  if (spec.info?.version !== '1.8.3') throw new Error(`expected spec version 1.8.3, got ${spec.info?.version}`);
  const paths = {};
  for (const [p, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      const responses = {};
      for (const [status, r] of Object.entries(op.responses)) responses[status] = strip(jsonSchemaOf(r.content) ?? {});
      (paths[p] ??= {})[method] = {
        operationId: op.operationId,
        ...(op.parameters ? { parameters: op.parameters.map((x) => strip({ in: x.in, name: x.name, required: x.required ?? false, schema: x.schema })) } : {}),
        ...(op.requestBody ? { requestBody: strip(jsonSchemaOf(op.requestBody.content) ?? {}) } : {}),
        responses,
      };
    }
  }
  const out = {
    'x-source': {
      url: 'https://cloud.lambda.ai/api/v1/openapi.json',
      title: spec.info.title,
      version: spec.info.version,
      openapi: spec.openapi,
      license: 'none stated in the description; interface data only (prose stripped), for conformance tests',
      generatedBy: 'tools/sandbox/scripts/vendor-lambda-spec.js',
    },
    paths,
    components: { schemas: strip(spec.components.schemas, true) },
  };
  fs.writeFileSync(OUT, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${Object.keys(paths).length} paths, ${Object.keys(out.components.schemas).length} schemas`);
}

main();
