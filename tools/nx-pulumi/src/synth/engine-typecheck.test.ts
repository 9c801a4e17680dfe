import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { engineCompilerOptions } from './load-program';
import { readStackProject } from './project';

// The real engine type-checks a stack program with ts-node (unless PULUMI_NODEJS_TRANSPILE_ONLY), using the
// stack's tsconfig with the engine's own overrides (module/moduleResolution nodenext). `npm run typecheck`
// uses the workspace settings and synth only transpiles, so this is the one check that a program and every
// library it imports compile the way `pulumi up` will compile them.
const WORKSPACE = path.resolve(__dirname, '../../../..');
const stacks = fs
  .readdirSync(path.join(WORKSPACE, 'stacks'))
  .filter((name) => fs.existsSync(path.join(WORKSPACE, 'stacks', name, 'Pulumi.yaml')));

jest.setTimeout(60_000);

describe('stack programs type-check as the Pulumi engine compiles them', () => {
  it('finds the stacks', () => {
    expect(stacks).toEqual(expect.arrayContaining(['github', 'lambda-labs', 'snowflake']));
  });

  it.each(stacks)('%s', (stack) => {
    const project = readStackProject(path.join(WORKSPACE, 'stacks', stack), WORKSPACE);
    const overrides = ts.convertCompilerOptionsFromJson(engineCompilerOptions(project.tsconfig), project.dir).options;
    const parsed = ts.getParsedCommandLineOfConfigFile(project.tsconfig, overrides, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    if (!parsed) throw new Error(`cannot read ${project.tsconfig}`);
    // ts-node compiles what the program loads, starting at its entry (not the tsconfig's `include`).
    const program = ts.createProgram({ rootNames: [project.entry], options: { ...parsed.options, noEmit: true } });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${path.relative(WORKSPACE, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  });
});
