/*
 * `npx nx run esc:environments` (re)writes the definitions (stacks/<s>/config/esc/<env>.yaml) and
 * stacks/esc/manifest.json from the stacks' config namespaces and
 * stacks/esc/values.yaml. With --check (`npx nx run esc:check-environments`) it writes nothing and fails when the
 * committed files are stale or a stack's Pulumi.<env>.yaml imports an environment they do not define.
 */
import { ExpectedError } from '@sophia-ai/policy';
import { committedFiles, expectedFiles, readManifest, staleFiles, writeFiles } from '../src/files';
import { assertImportsDefined } from '../src/imports-check';

try {
  if (process.argv.includes('--check')) {
    const stale = staleFiles(expectedFiles(), committedFiles());
    if (stale.length) {
      console.error(`The generated ESC definitions are stale (${stale.join(', ')}): run \`npx nx run esc:environments\` and commit the result`);
      process.exit(1);
    }
    assertImportsDefined(readManifest());
    console.log('The generated ESC definitions are up to date and every stack imports only environments they define');
  } else {
    const changed = writeFiles();
    console.log(changed.length ? `wrote ${changed.join(', ')}` : 'The generated ESC definitions are up to date');
  }
} catch (err) {
  if (!(err instanceof ExpectedError)) throw err;
  console.error(err.message);
  process.exit(1);
}
