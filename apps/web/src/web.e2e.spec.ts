import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LiveClient, ParleyClient } from '@parley/sdk';
import { randomName, tempDir, until } from '@parley/testing';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// The web client end to end: `npm start`'s launcher (single-server topology, every service and the
// web gateway), the built app, and two people in headless Chromium.
const root = join(__dirname, '..', '..', '..');
const launcherMain = join(root, 'infra', 'launcher', 'dist', 'main.js');
const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of the main views, for people to look at (tmp/ is ignored by git). */
const SHOTS = join(root, 'tmp', 'web-e2e');
const PASSWORD = 'Correct-horse-battery-9';

describe('the web client', () => {
  const data = tempDir('parley-web-');
  let launcher: ChildProcess;
  let output = '';
  let web: string;
  let browser: Browser;
  let room: { id: string; name: string };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(join(root, 'apps', 'web', 'dist', 'index.html'))) throw new Error('build the web client first: npm run build');
    mkdirSync(SHOTS, { recursive: true });
    launcher = spawn(process.execPath, [launcherMain, '--data-dir', data.path, '--port-base', '0', '--nats-port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The history test writes many messages from one session quickly.
      env: { ...process.env, PARLEY_POSTS_PER_SECOND: '1000', PARLEY_POST_BURST: '1000' },
    });
    launcher.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    launcher.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await until(() => output.includes('Parley is ready') || launcher.exitCode !== null, 120_000, 'Parley ready');
    if (launcher.exitCode !== null) throw new Error(`launcher exited:\n${output}`);
    web = /Web client: (\S+)/.exec(output)![1]!;
    const adminPassword = /^\s+password\s+(\S+)$/m.exec(output)![1]!;

    // Set up through the web gateway's origin, as the browser sees the server.
    const admin = new ParleyClient({ server: web });
    await admin.session.login('admin', adminPassword);
    for (const username of ['alice', 'bob']) await admin.users.create({ username, password: PASSWORD });
    const category = await admin.categories.create({ name: randomName('Team '), allowed: [{ kind: 'everyone' }] });
    room = await admin.rooms.create({ categoryId: category.id, name: 'Lobby', description: 'Say hello', disclaimer: 'Messages here are archived.' });

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    if (launcher && launcher.exitCode === null) {
      launcher.kill('SIGTERM');
      await new Promise((resolve) => launcher.once('exit', resolve));
    }
    data.remove();
  });

  async function signIn(username: string, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(web);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // On a phone the side list (and its indicator) is folded away: wait for the state, not the text.
    await page.locator('[data-testid=connection].online').waitFor({ state: 'attached' });
    return { context, page };
  }

  async function joinLobby(page: Page): Promise<void> {
    await page.getByLabel('Search rooms').fill('lobby');
    await page.getByRole('button', { name: 'Join Lobby' }).click();
    await page.getByRole('heading', { name: 'Lobby' }).waitFor();
  }

  const messageTexts = (page: Page) => page.getByTestId('message-text').allTextContents();

  async function post(page: Page, text: string): Promise<void> {
    await page.getByLabel('Message Lobby').fill(text);
    await page.getByLabel('Message Lobby').press('Enter');
  }

  it('lets two people chat in real time, and one who was offline sees every message once, in order', async () => {
    const alice = await signIn('alice');
    await alice.page.screenshot({ path: join(SHOTS, 'room-browser.png') });
    await joinLobby(alice.page);
    const bob = await signIn('bob');
    await joinLobby(bob.page);
    await expectText(bob.page.getByTestId('disclaimer'), 'Messages here are archived.');

    await post(alice.page, 'hello @bob, see https://example.com/docs');
    await until(async () => (await messageTexts(bob.page)).includes('hello @bob, see https://example.com/docs'), 10_000, 'bob sees alice');
    const link = bob.page.getByRole('link', { name: 'https://example.com/docs' });
    expect(await link.getAttribute('href')).toBe('https://example.com/docs');
    expect(await link.getAttribute('rel')).toContain('noopener');
    await post(bob.page, 'hi alice');
    await until(async () => (await messageTexts(alice.page)).includes('hi alice'), 10_000, 'alice sees bob');

    // Alice goes offline: the indicator says so, what she posts waits, Bob's messages wait for her.
    await alice.context.setOffline(true);
    await alice.page.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    await post(alice.page, 'written while offline');
    await alice.page.getByTestId('pending').filter({ hasText: 'written while offline' }).waitFor();
    for (const n of [1, 2, 3]) await post(bob.page, `missed ${n}`);
    await until(async () => (await messageTexts(bob.page)).includes('missed 3'), 10_000, 'bob’s posts stored');
    expect(await messageTexts(bob.page)).not.toContain('written while offline');

    await alice.context.setOffline(false);
    await alice.page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
    const expected = ['hello @bob, see https://example.com/docs', 'hi alice', 'missed 1', 'missed 2', 'missed 3', 'written while offline'];
    await until(async () => (await messageTexts(alice.page)).length >= 6 && (await alice.page.getByTestId('pending').count()) === 0, 20_000, 'alice caught up');
    await until(async () => (await messageTexts(bob.page)).length >= 6, 10_000, 'bob got the queued post');
    // The queued post was stored when Alice came back: after Bob's, once.
    expect(await messageTexts(alice.page)).toEqual(expected);
    expect(await messageTexts(bob.page)).toEqual(expected);
    await alice.page.screenshot({ path: join(SHOTS, 'room-1280x800.png') });
  });

  it('shows markup and script links from users as text', async () => {
    const [alice, bob] = [await signIn('alice'), await signIn('bob')];
    for (const { page } of [alice, bob]) await joinLobby(page);
    const hostile = '<script>window.pwned=1</script> <img src=x onerror="window.pwned=1"> javascript:window.pwned=1';
    await post(bob.page, hostile);
    await until(async () => (await messageTexts(alice.page)).includes(hostile), 10_000, 'alice sees the hostile text');
    expect(await alice.page.locator('.messages img, .messages script').count()).toBe(0);
    expect(await alice.page.locator('.messages a[href^="javascript"]').count()).toBe(0);
    expect(await alice.page.evaluate('window.pwned')).toBeUndefined();
  });

  it('pages back through history, and is readable on a phone', async () => {
    const writer = new ParleyClient({ server: web });
    await writer.session.login('bob', PASSWORD);
    const live = await LiveClient.connect({ channel: web, credentials: writer.session });
    try {
      await live.join(room.id);
      for (let n = 1; n <= 80; n++) await live.post(room.id, `filler ${n}`);
    } finally {
      await live.close();
    }

    const { page } = await signIn('alice', { width: 390, height: 844 });
    await joinLobby(page);
    await until(async () => (await messageTexts(page)).includes('filler 80'), 10_000, 'the latest messages');
    // Scroll to the top until the start of the room: every message once, in order.
    await until(
      async () => {
        await page.locator('.messages').evaluate('(el) => { el.scrollTop = 0; }');
        return page.getByText('This is the start of Lobby.').isVisible();
      },
      20_000,
      'the start of the room',
    );
    const texts = await messageTexts(page);
    expect(texts.filter((t) => t.startsWith('filler '))).toEqual(Array.from({ length: 80 }, (_, i) => `filler ${i + 1}`));
    expect(texts[0]).toBe('hello @bob, see https://example.com/docs');
    await page.screenshot({ path: join(SHOTS, 'room-phone.png') });
    await page.getByRole('button', { name: '☰ Rooms' }).click();
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: 'Lobby' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'rooms-phone.png') });
  });
});

async function expectText(locator: { textContent(): Promise<string | null> }, text: string): Promise<void> {
  expect(await locator.textContent()).toBe(text);
}
