module.exports = { ...require('../../../jest.preset.js'), displayName: 'snowflake-config', rootDir: __dirname };
