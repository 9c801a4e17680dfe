const preset = require('../../jest.preset.js');
// config/ and contract/ are projects of their own (their jest.config.js), so they are not run twice.
module.exports = { ...preset, displayName: 'estuary', rootDir: __dirname, testPathIgnorePatterns: [...preset.testPathIgnorePatterns, '<rootDir>/config/', '<rootDir>/contract/'] };
