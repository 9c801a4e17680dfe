module.exports = { ...require('../../jest.preset.js'), displayName: 'snowflake', rootDir: __dirname };
