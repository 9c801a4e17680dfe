module.exports = { ...require('../../jest.preset.js'), displayName: 'ssh-injection', rootDir: __dirname };
