module.exports = { ...require('../../../jest.preset.js'), displayName: 'lambda-labs-config', rootDir: __dirname };
