module.exports = { ...require('../../jest.preset.js'), displayName: 'ssh-keys', rootDir: __dirname };
