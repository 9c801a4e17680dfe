// `npx nx run github:codeowners` writes .github/CODEOWNERS; `-- --check` only verifies it (exit 1 when stale).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODEOWNERS_PATH, CodeownersError, checkCodeowners } from '../src/codeowners';
import { organisation } from '../src/organisation-spec';

const root = path.resolve(__dirname, '../../..');
try {
  const { expected, upToDate } = checkCodeowners(organisation, root);
  if (process.argv.includes('--check')) {
    if (!upToDate) {
      console.error(`${CODEOWNERS_PATH} is out of date: run npx nx run github:codeowners`);
      process.exit(1);
    }
    console.log(`${CODEOWNERS_PATH} is up to date`);
  } else if (upToDate) {
    console.log(`${CODEOWNERS_PATH} is up to date`);
  } else {
    fs.mkdirSync(path.dirname(path.join(root, CODEOWNERS_PATH)), { recursive: true });
    fs.writeFileSync(path.join(root, CODEOWNERS_PATH), expected);
    console.log(`wrote ${CODEOWNERS_PATH}`);
  }
} catch (e) {
  console.error(e instanceof CodeownersError ? e.message : e);
  process.exit(1);
}
