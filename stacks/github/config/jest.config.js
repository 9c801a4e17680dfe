module.exports = { ...require('../../../jest.preset.js'), displayName: 'github-config', rootDir: __dirname };
