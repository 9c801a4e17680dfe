// Loaded with `node --require` (NODE_OPTIONS) into a process that runs a stack program, by synth or by the engine's
// Node.js language host. It records how ts-node compiled the program: one JSON file per process in
// $COMPILER_PROBE_DIR (the language host may start more than one node process; only the program's has ts-node).
// The record is rewritten after every TypeScript file compiled, not only at exit: the engine may kill the host
// (e.g. when a provider plugin is missing) before exit handlers run.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

// Every TypeScript file compiled in this process (a module that throws leaves require.cache, so count here).
const compiled = [];

function writeRecord() {
  const dir = process.env.COMPILER_PROBE_DIR;
  const service = process[Symbol.for('ts-node.register.instance')];
  if (!dir || !service) return;
  const record = {
    swc: service.options.swc === true,
    transpileOnly: service.options.transpileOnly === true || service.options.swc === true,
    swcLoaded: Object.keys(require.cache).some((f) => f.includes(`${path.sep}@swc${path.sep}core${path.sep}`)),
    project: path.resolve(service.options.project ?? service.configFilePath ?? ''),
    // The effective compiler options (numeric TypeScript enums) the transpiler was given.
    target: service.config?.options?.target,
    module: service.config?.options?.module,
    compiled,
  };
  fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(record));
}

const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  const isTs = /\.tsx?$/.test(filename) && !filename.includes('node_modules');
  if (isTs) compiled.push(filename);
  try {
    return compile.call(this, content, filename);
  } finally {
    if (isTs) writeRecord();
  }
};

process.on('exit', writeRecord);
