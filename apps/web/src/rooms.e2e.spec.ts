import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { LiveClient } from '@parley/sdk';
import { randomName, tempDir, until } from '@parley/testing';
import { joinRoom, PASSWORD, scrollToTop, SHOTS, settled, shownMessages, startWebStack, type WebStack } from './test/web-stack.fixture.js';

const LARGE = 10_000;

// Rooms in the browser that not everyone may open.
describe('rooms in the web client', () => {
  let stack: WebStack;

  beforeAll(async () => {
    // The large room is written quickly, by one session.
    stack = await startWebStack({ tempDir, until }, { PARLEY_POSTS_PER_SECOND: '10000', PARLEY_POST_BURST: '10000' });
    for (const username of ['erin', 'frank']) await stack.admin.users.create({ username, password: PASSWORD });
  });

  afterAll(() => stack?.stop());

  it("shows a room's add-in beside the conversation, tells it the room and the user, and follows the room's settings", async () => {
    // The add-in: a page on its own origin that shows what Parley tells it.
    const page = `<!doctype html><title>Team wiki</title><p id="context">waiting</p><script>
      addEventListener('message', (e) => { if (e.data && e.data.type === 'parley.room') document.getElementById('context').textContent = 'Wiki of ' + e.data.room.name + ' for ' + e.data.user.name; });
    </script>`;
    const addinServer: Server = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(page));
    await new Promise<void>((resolve) => addinServer.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(addinServer.address() as AddressInfo).port}/rooms`;
      const addin = await stack.admin.addins.create({ name: 'Team wiki', url });
      const category = await stack.admin.categories.create({ name: randomName('Projects '), allowed: [{ kind: 'everyone' }] });
      const name = randomName('Wiki ');
      const room = await stack.admin.rooms.create({ categoryId: category.id, name, addinId: addin.id });

      const erin = await stack.signIn('erin');
      await joinRoom(erin.page, name);
      const pane = erin.page.getByRole('region', { name: 'Add-in: Team wiki' });
      await pane.waitFor();
      expect(await pane.getByRole('link', { name: 'Open in a new tab' }).getAttribute('href')).toBe(url);
      const context = erin.page.frameLocator('iframe[title="Team wiki"]').locator('#context');
      await until(async () => (await context.textContent()) === `Wiki of ${name} for erin`, 15_000, 'the add-in told the room');
      await erin.page.screenshot({ path: join(SHOTS, 'room-addin.png') });

      // Hidden and shown again by the person; gone when the room stops showing it.
      await pane.getByRole('button', { name: 'Hide' }).click();
      expect(await erin.page.locator('iframe[title="Team wiki"]').count()).toBe(0);
      await pane.getByRole('button', { name: 'Show' }).click();
      await erin.page.locator('iframe[title="Team wiki"]').waitFor();
      await stack.admin.rooms.update(room.id, { addinId: null });
      await pane.waitFor({ state: 'detached' });
    } finally {
      addinServer.close();
    }
  });

  it('tells someone who is not a member that a closed room is for its members, and lets a member in', async () => {
    const category = await stack.admin.categories.create({ name: randomName('Board '), allowed: [{ kind: 'everyone' }] });
    const name = randomName('Closed ');
    await stack.admin.rooms.create({ categoryId: category.id, name, privacy: 'closed', members: [{ kind: 'user', name: 'erin' }] });

    const frank = await stack.signIn('frank');
    await frank.page.getByLabel('Search rooms').fill(name);
    await frank.page.getByRole('button', { name: `Join ${name}` }).click();
    const refused = frank.page.getByTestId('join-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(`You cannot open ${name}: it is a closed room, for its members only. Ask one of its managers to add you.`);
    expect(await frank.page.getByRole('heading', { name, exact: true }).count()).toBe(0);
    expect(await frank.page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name }).count()).toBe(0);
    await frank.page.screenshot({ path: join(SHOTS, 'closed-room-refused.png') });

    const erin = await stack.signIn('erin');
    await joinRoom(erin.page, name);
  });

  it(`scrolls a room of ${LARGE} messages with only a window of them in the DOM, loading earlier pages as it goes back`, async () => {
    const category = await stack.admin.categories.create({ name: randomName('Archive '), allowed: [{ kind: 'everyone' }] });
    const name = randomName('Busy ');
    const room = await stack.admin.rooms.create({ categoryId: category.id, name });
    const writer = await stack.client('erin');
    const live = await LiveClient.connect({ channel: stack.web, credentials: writer.session });
    try {
      await live.join(room.id);
      for (let from = 1; from <= LARGE; from += 250) {
        const batch = Array.from({ length: Math.min(250, LARGE - from + 1) }, (_, i) => from + i);
        await Promise.all(batch.map((n) => live.post(room.id, `message ${n}`)));
      }
    } finally {
      await live.close();
    }

    const { page } = await stack.signIn('frank');
    await joinRoom(page, name);
    const list = page.locator('.messages');
    const loaded = async () => Number(await list.getAttribute('data-loaded'));
    await until(async () => (await shownMessages(page)).some(([, text]) => text === `message ${LARGE}`), 30_000, 'the latest message');
    const atFirst = await loaded();
    expect(atFirst).toBeLessThan(200);

    // Scroll back: each time the top is reached, the page before is loaded, and the view stays on what it showed.
    for (let step = 0; step < 6; step++) {
      const before = await loaded();
      // The oldest message loaded is at the top: the page before arrives above it without moving it out of view.
      const oldest = `message ${LARGE - before + 1}`;
      await scrollToTop(page);
      await until(async () => (await loaded()) > before, 20_000, 'an earlier page');
      await settled(page);
      const inView = `(() => {
        const list = document.querySelector(".messages").getBoundingClientRect();
        const item = [...document.querySelectorAll(".messages [data-seq]")].find((m) => m.textContent.endsWith(${JSON.stringify(oldest)}))?.getBoundingClientRect();
        return !!item && item.bottom > list.top && item.top < list.bottom;
      })()`;
      expect(await page.evaluate(inView)).toBe(true);
    }
    await settled(page);
    const loadedNow = await loaded();
    expect(loadedNow).toBeGreaterThan(atFirst);
    expect(loadedNow).toBeLessThan(LARGE);
    const shown = await shownMessages(page);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(100);
    expect(await page.locator('.messages li').count()).toBe(shown.length);
    const numbers = shown.map(([, text]) => Number(text.replace('message ', '')));
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    expect(numbers[0]).toBeLessThan(LARGE - atFirst);
    expect(await page.getByText(`This is the start of ${name}.`).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'room-large.png') });
  });
});
