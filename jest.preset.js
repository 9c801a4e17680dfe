// Shared Jest settings; each project's jest.config.js spreads this and sets displayName/rootDir.
// Type-checking is `npm run typecheck` (tsc), so ts-jest only transpiles (isolatedModules in tsconfig).
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: require('node:path').join(__dirname, 'tsconfig.base.json'), diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/__fixtures__/'],
};
