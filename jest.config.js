// `npm test` runs every project's tests in one Jest process pool.
// Each project folder with a jest.config.js is a Jest project (and an Nx `test` target via @nx/jest/plugin).
module.exports = {
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/tools/*/jest.config.js', '<rootDir>/stacks/*/jest.config.js'],
};
