#!/usr/bin/env node
// Entry point of `sophia-engine` (npm run engine:install).
require('../../run-ts-cli')(__dirname); // runs ../src/cli.ts
