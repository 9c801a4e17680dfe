module.exports = { ...require('../../jest.preset.js'), displayName: 'esc-store', rootDir: __dirname };
