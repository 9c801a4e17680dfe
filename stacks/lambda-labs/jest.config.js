module.exports = { ...require('../../jest.preset.js'), displayName: 'lambda-labs', rootDir: __dirname };
