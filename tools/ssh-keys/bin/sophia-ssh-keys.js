#!/usr/bin/env node
// Entry point of the `sophia-ssh-keys` CLI.
require('../../run-ts-cli')(__dirname); // runs ../src/cli.ts
