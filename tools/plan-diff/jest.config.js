module.exports = { ...require('../../jest.preset.js'), displayName: 'plan-diff', rootDir: __dirname };
