module.exports = { ...require('../../jest.preset.js'), displayName: 'pulumi-cli', rootDir: __dirname };
