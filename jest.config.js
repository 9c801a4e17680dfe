// `npm test` runs every project's tests in one Jest process pool.
// Each project folder with a jest.config.js is a Jest project (and an Nx `test` target via @nx/jest/plugin).
const fs = require('node:fs');
const path = require('node:path');

const projects = ['libs', 'tools', 'stacks'].flatMap((group) => {
  const dir = path.join(__dirname, group);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name, 'jest.config.js'))
    .filter((file) => fs.existsSync(file));
});

module.exports = { projects };
