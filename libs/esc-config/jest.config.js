module.exports = { ...require('../../jest.preset.js'), displayName: 'esc-config', rootDir: __dirname };
