module.exports = { ...require('../../jest.preset.js'), displayName: 'github-issues', rootDir: __dirname };
