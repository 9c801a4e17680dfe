module.exports = { ...require('../../jest.preset.js'), displayName: 'nx-pulumi', rootDir: __dirname };
