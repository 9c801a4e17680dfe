module.exports = { ...require('../../jest.preset.js'), displayName: 'iac', rootDir: __dirname };
