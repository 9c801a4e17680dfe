import { EscEmulator } from './emulator';
import { serveEmulator } from '../core/server';

const TOKEN = 'pul-whoami-token-canary-9c2e';

test('GET /api/user (Pulumi Cloud "who am I", outside the ESC spec) answers the login for an accepted token, 401 otherwise', async () => {
  const server = await serveEmulator(new EscEmulator({ tokens: [TOKEN], login: 'ops-bot' }));
  try {
    const me = await fetch(`${server.url}/api/user`, { headers: { Authorization: `token ${TOKEN}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ githubLogin: 'ops-bot', name: 'ops-bot' });
    for (const authorization of ['token wrong-token', `Bearer ${TOKEN}`, '']) {
      const refused = await fetch(`${server.url}/api/user`, { headers: authorization ? { Authorization: authorization } : {} });
      expect(refused.status).toBe(401);
      expect(await refused.text()).not.toContain(TOKEN);
    }
  } finally {
    await server.close();
  }
});
