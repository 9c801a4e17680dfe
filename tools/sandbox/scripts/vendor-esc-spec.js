#!/usr/bin/env node
/**
 * Vendors the machine-readable parts of the Pulumi ESC REST description into the sandbox's test data: paths
 * (relative to the server base `/api/esc`), methods, parameters, request and response schemas per status code
 * (component responses resolved; `contentTypes` says which answers are YAML), and every component schema. Prose
 * is stripped (description, summary, title, example(s), default messages, tags).
 *
 *   node tools/sandbox/scripts/vendor-esc-spec.js <path to esc-openapi.yaml>
 *
 * Source: https://github.com/pulumi/esc-sdk (sdk/swagger.yaml @ 665ec85e4891da334dd173dc477a5c056b6479c0, OpenAPI
 * 3.0.3, info.version 0.1.0), Apache License 2.0 (https://www.apache.org/licenses/LICENSE-2.0.html).
 */
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { strip, vendorOperations } = require('./openapi-interface');

const OUT = path.join(__dirname, '../src/esc/spec/esc-openapi-0.1.0.schema.json');
const SOURCE_COMMIT = '665ec85e4891da334dd173dc477a5c056b6479c0';

function main() {
  const source = process.argv[2];
  if (!source) throw new Error('usage: vendor-esc-spec.js <esc-openapi.yaml>');
  const text = fs.readFileSync(source, 'utf8');
  if (!text.includes(SOURCE_COMMIT)) throw new Error(`expected esc-sdk sdk/swagger.yaml @ ${SOURCE_COMMIT}`);
  const spec = YAML.parse(text);
  if (spec.info?.version !== '0.1.0') throw new Error(`expected spec version 0.1.0, got ${spec.info?.version}`);
  const paths = vendorOperations(spec, { withContentTypes: true });
  const schemas = Object.fromEntries(Object.entries(spec.components.schemas).map(([k, v]) => [k, strip(v, false)]));
  const out = {
    'x-source': {
      url: `https://github.com/pulumi/esc-sdk/blob/${SOURCE_COMMIT}/sdk/swagger.yaml`,
      title: spec.info.title,
      version: spec.info.version,
      openapi: spec.openapi,
      server: spec.servers?.[0]?.url,
      license: `${spec.info.license?.name} (${spec.info.license?.url}); interface data only (prose stripped), for conformance tests`,
      generatedBy: 'tools/sandbox/scripts/vendor-esc-spec.js',
    },
    paths,
    components: { schemas },
  };
  fs.writeFileSync(OUT, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${Object.keys(paths).length} paths, ${Object.keys(schemas).length} schemas`);
}

main();
