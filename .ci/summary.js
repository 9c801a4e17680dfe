#!/usr/bin/env node
// One plain line for the whole CI test run, summed over Jest's JSON reports (`jest --json --outputFile=…`):
//   N passed, N failed, N skipped
// so that tools reading the log find the result without parsing Jest's own format. A missing or unreadable
// report counts as one failure: a run that produced no report did not pass.
const fs = require('node:fs');

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
    skipped += r.numPendingTests + r.numTodoTests;
  } catch {
    console.error(`no test report at ${file}`);
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
