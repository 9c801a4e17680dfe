import { PULUMI_EXECUTOR, stackTargets, SYNTH_EXECUTOR } from './targets';

describe('stackTargets', () => {
  const targets = stackTargets();

  it('infers synth, init, preview, up, refresh, destroy and outputs', () => {
    expect(Object.keys(targets).sort()).toEqual(['destroy', 'init', 'outputs', 'preview', 'refresh', 'synth', 'up']);
  });

  it.each(['init', 'preview', 'up', 'refresh', 'destroy', 'outputs'])('%s runs the pulumi executor and is never cached', (name) => {
    expect(targets[name]).toMatchObject({ executor: PULUMI_EXECUTOR, cache: false, options: { command: name } });
  });

  it('preview and up create their stack first (init); up waits for upstream up', () => {
    expect(targets.up.dependsOn).toEqual([
      { target: 'init', params: 'forward' },
      { dependencies: true, target: 'up', params: 'forward' },
    ]);
    expect(targets.preview.dependsOn).toEqual([{ target: 'init', params: 'forward' }]);
    expect(targets.refresh.dependsOn).toBeUndefined();
  });

  it('up of a stack that imports ESC environments also waits for up of the stack that creates them', () => {
    expect(stackTargets({}, [], ['esc']).up.dependsOn).toEqual([
      { target: 'init', params: 'forward' },
      { dependencies: true, target: 'up', params: 'forward' },
      { projects: ['esc'], target: 'up', params: 'forward' },
    ]);
    expect(stackTargets({}, [], ['esc']).preview.dependsOn).toEqual([{ target: 'init', params: 'forward' }]);
  });

  it('destroy waits for the destroy of the stacks that read this one', () => {
    expect(targets.destroy.dependsOn).toBeUndefined();
    expect(stackTargets({}, ['lambda-labs', 'estuary']).destroy.dependsOn).toEqual([
      { projects: ['estuary', 'lambda-labs'], target: 'destroy', params: 'forward' },
    ]);
  });

  it('passes the organisation and the secrets provider from nx.json to the targets', () => {
    const t = stackTargets({ organization: 'acme', secretsProvider: 'passphrase' });
    expect(t.up.options).toEqual({ command: 'up', organization: 'acme' });
    expect(t.init.options).toEqual({ command: 'init', organization: 'acme', secretsProvider: 'passphrase' });
  });

  it('synth is cached on sources, env config, imported libs and upstream plans', () => {
    const synth = targets.synth;
    expect(synth).toMatchObject({ executor: SYNTH_EXECUTOR, cache: true });
    expect(synth.dependsOn).toEqual([{ dependencies: true, target: 'synth', params: 'forward' }]);
    expect(synth.inputs).toEqual(
      expect.arrayContaining([
        '{projectRoot}/**/*.ts',
        '!{projectRoot}/**/*.test.ts',
        '{projectRoot}/Pulumi.*.yaml',
        '^production',
        { dependentTasksOutputFiles: '**/*.json' },
        // What decides the organisation in StackReference names.
        '{workspaceRoot}/nx.json',
        { env: 'SOPHIA_PULUMI_ORG' },
        { env: 'PULUMI_BACKEND_URL' },
      ]),
    );
    expect(synth.outputs).toEqual(['{workspaceRoot}/dist/synth/{projectName}']);
  });

  it('honours a custom synth target name', () => {
    const custom = stackTargets({ synthTargetName: 'plan' });
    expect(custom.plan.dependsOn).toEqual([{ dependencies: true, target: 'plan', params: 'forward' }]);
    expect(custom.synth).toBeUndefined();
  });
});
