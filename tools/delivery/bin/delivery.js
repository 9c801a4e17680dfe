#!/usr/bin/env node
// `node tools/delivery/bin/delivery.js preview-comment|drift-issues …` (see ../README.md).
require('../../run-ts-cli')(__dirname); // runs ../src/cli.ts
