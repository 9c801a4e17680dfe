module.exports = { ...require('../../jest.preset.js'), displayName: 'dynamic-provider', rootDir: __dirname };
