#!/usr/bin/env node
// `node tools/delivery/bin/delivery.js preview-comment|drift-issues …` (see ../README.md). Runs the TypeScript
// sources through ts-node in SWC mode (transpile-only; `npm run typecheck` type-checks).
const path = require('node:path');
require('ts-node').register({ transpileOnly: true, swc: true, project: path.join(__dirname, '..', '..', '..', 'tsconfig.base.json') });
require('../src/cli')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
