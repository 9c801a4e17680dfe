import { PULUMI_EXECUTOR, stackTargets, SYNTH_EXECUTOR } from './targets';

describe('stackTargets', () => {
  const targets = stackTargets();

  it('infers synth, preview, up, refresh and destroy', () => {
    expect(Object.keys(targets).sort()).toEqual(['destroy', 'preview', 'refresh', 'synth', 'up']);
  });

  it.each(['preview', 'up', 'refresh', 'destroy'])('%s runs the pulumi executor and is never cached', (name) => {
    expect(targets[name]).toMatchObject({ executor: PULUMI_EXECUTOR, cache: false, options: { command: name } });
  });

  it('up waits for upstream up and forwards --env/--stack to it', () => {
    expect(targets.up.dependsOn).toEqual([{ dependencies: true, target: 'up', params: 'forward' }]);
    expect(targets.preview.dependsOn).toBeUndefined();
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
