#!/usr/bin/env node
/**
 * Vendors the machine-readable parts of Snowflake's SQL API description that the Snowflake emulator answers
 * (`POST /api/v2/statements`, `GET /api/v2/statements/{statementHandle}`) into the sandbox's test data: paths,
 * methods, parameters, request and response schemas per status code, and the component schemas they reach.
 * Prose is stripped.
 *
 *   node tools/sandbox/scripts/vendor-snowflake-spec.js <path to sqlapi.yaml> <commit>
 *
 * Source: https://github.com/snowflakedb/snowflake-rest-api-specs (specifications/sqlapi.yaml, OpenAPI 3.0.0,
 * info.version 2.0.0), Apache License 2.0 (https://github.com/snowflakedb/snowflake-rest-api-specs/blob/main/LICENSE).
 */
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { vendorOperations, reachableSchemas } = require('./openapi-interface');

const EMULATED = new Set(['post /api/v2/statements', 'get /api/v2/statements/{statementHandle}']);
const OUT = path.join(__dirname, '../src/snowflake/spec/snowflake-sqlapi-2.0.0.schema.json');

function main() {
  const [source, commit] = process.argv.slice(2);
  if (!source || !/^[0-9a-f]{40}$/.test(commit ?? '')) throw new Error('usage: vendor-snowflake-spec.js <sqlapi.yaml> <commit of snowflakedb/snowflake-rest-api-specs>');
  const spec = YAML.parse(fs.readFileSync(source, 'utf8'));
  if (spec.info?.version !== '2.0.0') throw new Error(`expected spec version 2.0.0, got ${spec.info?.version}`);
  const paths = vendorOperations(spec, { keep: (p, method) => EMULATED.has(`${method} ${p}`) });
  const schemas = reachableSchemas(spec, paths);
  const out = {
    'x-source': {
      url: 'https://github.com/snowflakedb/snowflake-rest-api-specs/blob/main/specifications/sqlapi.yaml',
      commit,
      title: spec.info.title,
      version: spec.info.version,
      openapi: spec.openapi,
      license: 'Apache-2.0 (https://github.com/snowflakedb/snowflake-rest-api-specs/blob/main/LICENSE); interface data only (prose stripped), for conformance tests',
      generatedBy: 'tools/sandbox/scripts/vendor-snowflake-spec.js',
    },
    paths,
    components: { schemas },
  };
  fs.writeFileSync(OUT, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${Object.keys(paths).length} paths, ${Object.keys(schemas).length} schemas`);
}

main();
