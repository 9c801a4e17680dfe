#!/usr/bin/env node
// Entry point of the `sophia-secrets` CLI.
require('../../run-ts-cli')(__dirname); // runs ../src/cli.ts
