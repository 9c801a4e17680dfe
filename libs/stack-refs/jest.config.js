module.exports = { ...require('../../jest.preset.js'), displayName: 'stack-refs', rootDir: __dirname };
