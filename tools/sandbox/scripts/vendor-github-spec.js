#!/usr/bin/env node
/**
 * Vendors the machine-readable parts of GitHub's REST description that the GitHub emulator answers (Actions
 * secrets of organisations, repositories and environments, their public keys, environments, issues and issue
 * comments, `/user`, `/rate_limit`) into the sandbox's test data: paths, methods, parameters, request and response schemas per
 * status code (component responses resolved), and the component schemas they reach, plus the two error schemas
 * every GitHub error uses (`basic-error`, `validation-error`). Prose is stripped.
 *
 *   node tools/sandbox/scripts/vendor-github-spec.js <path to github-rest-subset.json>
 *
 * Source: https://github.com/github/rest-api-description (descriptions/api.github.com/api.github.com.json,
 * OpenAPI 3.0.3, info.version 1.1.4), MIT License (https://github.com/github/rest-api-description/blob/main/LICENSE.md).
 */
const fs = require('node:fs');
const path = require('node:path');
const { vendorOperations, reachableSchemas } = require('./openapi-interface');

const EMULATED = /^\/(orgs\/\{org\}\/actions\/secrets|repos\/\{owner\}\/\{repo\}\/(actions\/secrets|environments|issues)|user$|rate_limit$)/;
const SKIP = new Set(['PATCH /user']);
const ERROR_SCHEMAS = ['basic-error', 'validation-error'];
const OUT = path.join(__dirname, '../src/github/spec/github-rest-1.1.4.schema.json');

/**
 * OpenAPI 3.0 `nullable` said so that ajv reads it as the description means: beside `oneOf` / `anyOf` alone (a
 * title or milestone that may be null; ajv refuses `nullable` without `type`) it becomes one more branch, `null`;
 * beside an `enum` (an open issue's `state_reason`) null joins the enum, which ajv otherwise checks first.
 */
function nullableAlternatives(node) {
  if (Array.isArray(node)) return node.map(nullableAlternatives);
  if (!node || typeof node !== 'object') return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, nullableAlternatives(v)]));
  const branches = out.oneOf ? 'oneOf' : out.anyOf ? 'anyOf' : undefined;
  if (out.nullable === true && out.type === undefined && branches) {
    delete out.nullable;
    out[branches] = [...out[branches], { type: 'null' }];
  }
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

function main() {
  const source = process.argv[2];
  if (!source) throw new Error('usage: vendor-github-spec.js <github-rest-subset.json>');
  const spec = JSON.parse(fs.readFileSync(source, 'utf8'));
  if (spec.info?.version !== '1.1.4') throw new Error(`expected spec version 1.1.4, got ${spec.info?.version}`);
  const paths = nullableAlternatives(vendorOperations(spec, { keep: (p, method) => EMULATED.test(p) && !SKIP.has(`${method.toUpperCase()} ${p}`) }));
  const schemas = nullableAlternatives(reachableSchemas(spec, [paths, ERROR_SCHEMAS.map((name) => ({ $ref: `#/components/schemas/${name}` }))]));
  const out = {
    'x-source': {
      url: 'https://github.com/github/rest-api-description/blob/main/descriptions/api.github.com/api.github.com.json',
      commit: spec.info['x-source']?.commit,
      title: spec.info.title,
      version: spec.info.version,
      openapi: spec.openapi,
      license: `${spec.info.license?.name} (${spec.info.license?.url}); interface data only (prose stripped), for conformance tests`,
      generatedBy: 'tools/sandbox/scripts/vendor-github-spec.js',
    },
    paths,
    components: { schemas },
  };
  fs.writeFileSync(OUT, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${Object.keys(paths).length} paths, ${Object.keys(schemas).length} schemas`);
}

main();
