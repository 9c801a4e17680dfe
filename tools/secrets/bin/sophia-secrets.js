#!/usr/bin/env node
// Entry point of the `sophia-secrets` CLI: runs the TypeScript sources through ts-node (transpile-only).
const path = require('node:path');
require('ts-node').register({
  transpileOnly: true,
  project: path.join(__dirname, '..', '..', '..', 'tsconfig.base.json'),
  compilerOptions: { module: 'commonjs', sourceMap: false },
});
require('../src/cli')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
