module.exports = { ...require('../../jest.preset.js'), displayName: 'component', rootDir: __dirname };
