/*
 * `npx nx run esc:environments [--check]`: (re)writes stacks/esc/environments/ from the stacks' config
 * namespaces and stacks/esc/values.yaml. With --check, writes nothing and fails when the committed files are stale.
 */
import { ExpectedError } from '@sophia-ai/policy';
import { committedFiles, expectedFiles, staleFiles, writeFiles } from '../src/files';
import { ENVIRONMENTS_DIR } from '../src/definitions';

try {
  if (process.argv.includes('--check')) {
    const stale = staleFiles(expectedFiles(), committedFiles());
    if (stale.length) {
      console.error(`${ENVIRONMENTS_DIR} is stale (${stale.join(', ')}): run \`npx nx run esc:environments\` and commit the result`);
      process.exit(1);
    }
    console.log(`${ENVIRONMENTS_DIR} is up to date`);
  } else {
    const changed = writeFiles();
    console.log(changed.length ? `${ENVIRONMENTS_DIR}: wrote ${changed.join(', ')}` : `${ENVIRONMENTS_DIR} is up to date`);
  }
} catch (err) {
  if (!(err instanceof ExpectedError)) throw err;
  console.error(err.message);
  process.exit(1);
}
