import { inGraphOrder, type BatchGraph } from './graph-order';

type R = { success: boolean; note?: string };

/** Runs a batch whose tasks take `ms[task]` and succeed unless listed in `failing`; records start and end order. */
async function runBatch(graph: BatchGraph, ms: Record<string, number>, failing: string[] = []) {
  const events: string[] = [];
  const order: string[] = [];
  for await (const { task, result } of inGraphOrder<R>(
    graph,
    async (task) => {
      events.push(`start ${task}`);
      await new Promise((r) => setTimeout(r, ms[task] ?? 0));
      events.push(`end ${task}`);
      return { success: !failing.includes(task) };
    },
    (task, failed) => ({ success: false, note: `${task} not run: ${failed} failed` }),
  )) {
    order.push(`${task}:${result.success ? 'ok' : result.note ?? 'failed'}`);
  }
  return { events, order };
}

const graph = (dependencies: Record<string, string[]>): BatchGraph => ({ tasks: Object.fromEntries(Object.keys(dependencies).map((t) => [t, {}])), dependencies });

describe('a batch runs in the graph order', () => {
  it('starts every ready task at once and each dependent as soon as its last dependency is done', async () => {
    // esc:up ← snowflake:up ← estuary:up, and github:up beside them.
    const g = graph({ 'esc:up': [], 'snowflake:up': ['esc:up'], 'estuary:up': ['snowflake:up', 'esc:up'], 'github:up': [] });
    const { events } = await runBatch(g, { 'esc:up': 20, 'snowflake:up': 20, 'estuary:up': 5, 'github:up': 80 });
    expect(events.slice(0, 2).sort()).toEqual(['start esc:up', 'start github:up']);
    // snowflake does not wait for github (the slow independent task), estuary not for github either.
    expect(events.indexOf('start snowflake:up')).toBe(events.indexOf('end esc:up') + 1);
    expect(events.indexOf('start estuary:up')).toBe(events.indexOf('end snowflake:up') + 1);
    expect(events.indexOf('end estuary:up')).toBeLessThan(events.indexOf('end github:up'));
  });

  it('gives results in completion order', async () => {
    const { order } = await runBatch(graph({ slow: [], fast: [] }), { slow: 40, fast: 1 });
    expect(order).toEqual(['fast:ok', 'slow:ok']);
  });

  it('does not run what is below a failed task, and says which dependency failed; the rest still runs', async () => {
    const g = graph({ a: [], b: ['a'], c: ['b'], d: [] });
    const { events, order } = await runBatch(g, { d: 10 }, ['a']);
    expect(events).not.toContain('start b');
    expect(events).not.toContain('start c');
    expect(order).toEqual(expect.arrayContaining(['a:failed', 'b:b not run: a failed', 'c:c not run: b failed', 'd:ok']));
    expect(order).toHaveLength(4);
  });

  it('ignores dependencies outside the batch (Nx ran them before it)', async () => {
    const { order } = await runBatch(graph({ 'estuary:up': ['snowflake:up'] }), {});
    expect(order).toEqual(['estuary:up:ok']);
  });

  it('refuses a cycle instead of waiting forever', async () => {
    await expect(runBatch(graph({ a: ['b'], b: ['a'] }), {})).rejects.toThrow(/cannot go on: a, b wait for each other/);
  });
});

describe('a batch with slots', () => {
  it('never runs more tasks at once than it has slots, and runs them all', async () => {
    let now = 0;
    let most = 0;
    const started: string[] = [];
    const tasks = ['a', 'b', 'c', 'd', 'e'];
    for await (const _ of inGraphOrder<R>(
      graph(Object.fromEntries(tasks.map((t) => [t, []]))),
      async (task) => {
        started.push(task);
        most = Math.max(most, ++now);
        await new Promise((r) => setTimeout(r, task === 'a' ? 30 : 5));
        now--;
        return { success: true };
      },
      () => ({ success: false }),
      2,
    ));
    expect(most).toBe(2);
    expect(started).toHaveLength(5);
  });
});
