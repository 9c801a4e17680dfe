import { filesystemNameProblem, LAMBDA_LIMITS } from './index';

describe('Lambda API limits', () => {
  it('filesystemNameProblem accepts what the API accepts and says why otherwise', () => {
    expect(filesystemNameProblem('models')).toBeUndefined();
    expect(filesystemNameProblem(`m${'0'.repeat(LAMBDA_LIMITS.filesystemNameMax - 1)}`)).toBeUndefined();
    for (const bad of ['9models', 'has space', '', `m${'0'.repeat(LAMBDA_LIMITS.filesystemNameMax)}`, 42]) {
      expect(filesystemNameProblem(bad)).toBe(
        `must match ${LAMBDA_LIMITS.filesystemName.source} and have at most ${LAMBDA_LIMITS.filesystemNameMax} characters`,
      );
    }
  });

  it('hostnameMax is the length the hostname pattern allows', () => {
    expect(LAMBDA_LIMITS.hostname.test('a'.repeat(LAMBDA_LIMITS.hostnameMax))).toBe(true);
    expect(LAMBDA_LIMITS.hostname.test('a'.repeat(LAMBDA_LIMITS.hostnameMax + 1))).toBe(false);
  });
});
