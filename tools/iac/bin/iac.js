#!/usr/bin/env node
// `node tools/iac/bin/iac.js validate | codeowners [--check]` (see ../README.md).
require('../../run-ts-cli')(__dirname); // runs ../src/cli.ts
