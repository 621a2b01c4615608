import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LiveClient } from '@parley/sdk';
import { randomName, tempDir, until } from '@parley/testing';
import type { Page } from 'playwright-core';
import { joinRoom, messageTexts, PASSWORD, post as postIn, scrollThrough, scrollToTop, SHOTS, signInOn, startWebStack, type WebStack } from './test/web-stack.fixture.js';

// Chat in the browser: two people in real time, offline and back, hostile text, history on a phone.
describe('the web client', () => {
  let stack: WebStack;
  let room: { id: string; name: string };

  beforeAll(async () => {
    // The history test writes many messages from one session quickly.
    stack = await startWebStack({ tempDir, until }, { PARLEY_POSTS_PER_SECOND: '1000', PARLEY_POST_BURST: '1000' });
    const { admin } = stack;
    for (const username of ['alice', 'bob']) await admin.users.create({ username, password: PASSWORD });
    const category = await admin.categories.create({ name: randomName('Team '), allowed: [{ kind: 'everyone' }] });
    room = await admin.rooms.create({ categoryId: category.id, name: 'Lobby', description: 'Say hello', disclaimer: 'Messages here are archived.' });
  });

  afterAll(() => stack?.stop());

  const signIn = (username: string, viewport?: { width: number; height: number }) => stack.signIn(username, viewport ? { viewport } : {});
  const joinLobby = (page: Page) => joinRoom(page, 'Lobby');
  const post = (page: Page, text: string) => postIn(page, 'Lobby', text);

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

  it('keeps a post written offline through a closed tab, and sends it once on the next visit', async () => {
    const category = await stack.admin.categories.create({ name: randomName('Outbox '), allowed: [{ kind: 'everyone' }] });
    const name = randomName('Outbox ');
    await stack.admin.rooms.create({ categoryId: category.id, name });
    const [alice, bob] = [await signIn('alice'), await signIn('bob')];
    for (const { page } of [alice, bob]) await joinRoom(page, name);

    await alice.context.setOffline(true);
    await alice.page.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    await postIn(alice.page, name, 'written before the tab closed');
    await alice.page.getByTestId('pending').filter({ hasText: 'written before the tab closed' }).waitFor();
    await alice.page.close();
    await alice.context.setOffline(false);

    // The next visit, in the same browser: the room is joined again and the waiting post sent.
    const again = await alice.context.newPage();
    await signInOn(again, stack.web, 'alice');
    await again.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name }).click();
    await until(async () => (await messageTexts(bob.page)).includes('written before the tab closed'), 20_000, 'bob got the post from the closed tab');
    await until(async () => (await messageTexts(again)).includes('written before the tab closed') && (await again.getByTestId('pending').count()) === 0, 10_000, 'alice sees it sent');
    // Once, and nothing is left to send: a third visit sends nothing more.
    await again.reload();
    await again.locator('[data-testid=connection].online').waitFor({ state: 'attached' });
    await again.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name }).click();
    await until(async () => (await messageTexts(again)).includes('written before the tab closed'), 10_000, 'the room shown again');
    expect(await again.getByTestId('pending').count()).toBe(0);
    expect(await messageTexts(bob.page)).toEqual(['written before the tab closed']);
    expect(await messageTexts(again)).toEqual(['written before the tab closed']);
  });

  it('loads at most 300 KB of JavaScript, gzipped, on a first visit up to the signed-in chat', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const scripts: Promise<{ url: string; gzipped: number }>[] = [];
      page.on('response', (response) => {
        if (new URL(response.url()).pathname.endsWith('.js')) scripts.push(response.body().then((body) => ({ url: response.url(), gzipped: gzipSync(body).length })));
      });
      await page.goto(stack.web);
      await page.getByLabel('User name').fill('alice');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('[data-testid=connection].online').waitFor({ state: 'attached' });
      const loaded = await Promise.all(scripts);
      expect(loaded.length).toBeGreaterThan(0);
      const total = loaded.reduce((sum, s) => sum + s.gzipped, 0);
      expect(total).toBeLessThanOrEqual(300 * 1024);
    } finally {
      await context.close();
    }
  });

  it('says when earlier messages cannot be loaded, and loads them by itself once history answers again', async () => {
    const category = await stack.admin.categories.create({ name: randomName('Quiet '), allowed: [{ kind: 'everyone' }] });
    const name = randomName('Quiet ');
    await stack.admin.rooms.create({ categoryId: category.id, name });
    const { page } = await signIn('bob');
    // The history service answers 503 twice (its database down), then as usual.
    let refused = 0;
    await page.route('**/v1/rooms/*/history*', (route) =>
      refused++ < 2
        ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'history is unavailable for a moment' } }) })
        : route.continue(),
    );
    await joinRoom(page, name);
    await page.getByText('Earlier messages cannot be loaded yet (history is unavailable for a moment); trying again.').waitFor();
    await page.getByText(`This is the start of ${name}.`).waitFor({ timeout: 15_000 });
    expect(refused).toBe(3);
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
    const writer = await stack.client('bob');
    const live = await LiveClient.connect({ channel: stack.web, credentials: writer.session });
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
        await scrollToTop(page);
        return page.getByText('This is the start of Lobby.').isVisible();
      },
      20_000,
      'the start of the room',
    );
    const texts = await scrollThrough(page);
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
