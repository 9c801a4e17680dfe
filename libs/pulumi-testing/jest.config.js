module.exports = { ...require('../../jest.preset.js'), displayName: 'pulumi-testing', rootDir: __dirname };
