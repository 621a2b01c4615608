import { join } from 'node:path';
import { LiveClient } from '@parley/sdk';
import { randomName, tempDir, until } from '@parley/testing';
import { joinRoom, messageTexts, PASSWORD, post, settled, SHOTS, startWebStack, type WebStack } from './test/web-stack.fixture.js';

// A conversation's finer points: who is here, who is typing, editing and withdrawing your own messages, search.
describe('a conversation in the web client', () => {
  let stack: WebStack;
  const roomName = randomName('Desk ');

  beforeAll(async () => {
    // The long room's messages are written quickly, by one session.
    stack = await startWebStack({ tempDir, until }, { PARLEY_POSTS_PER_SECOND: '10000', PARLEY_POST_BURST: '10000' });
    for (const username of ['henry', 'iris']) await stack.admin.users.create({ username, password: PASSWORD });
    const category = await stack.admin.categories.create({ name: randomName('Ops '), allowed: [{ kind: 'everyone' }] });
    await stack.admin.rooms.create({ categoryId: category.id, name: roomName });
  });

  afterAll(() => stack?.stop());

  it('shows who is here and who is typing, lets people edit and withdraw their own messages, and finds messages', async () => {
    const henry = await stack.signIn('henry');
    await joinRoom(henry.page, roomName);
    const iris = await stack.signIn('iris');
    await joinRoom(iris.page, roomName);

    await henry.page.getByText('2 here').click();
    const present = henry.page.getByTestId('presence');
    await until(async () => (await present.getByRole('listitem').allTextContents()).join(',') === 'henry,iris', 10_000, 'both present');

    await iris.page.getByLabel(`Message ${roomName}`).pressSequentially('the quarterly');
    await henry.page.getByTestId('typing').filter({ hasText: 'iris is typing…' }).waitFor();
    await iris.page.getByLabel(`Message ${roomName}`).pressSequentially(' numbers are in');
    await iris.page.getByLabel(`Message ${roomName}`).press('Enter');
    await until(async () => (await messageTexts(henry.page)).includes('the quarterly numbers are in'), 10_000, 'henry sees the post');
    await henry.page.getByTestId('typing').filter({ hasText: /^$/ }).waitFor({ state: 'attached' });
    // The list is virtualised, so new messages are announced to screen readers by a live region of their own.
    expect(await henry.page.getByTestId('announcer').textContent()).toBe('iris: the quarterly numbers are in');

    // Only your own messages can be edited and withdrawn here.
    expect(await henry.page.getByRole('button', { name: 'Edit message' }).count()).toBe(0);
    await iris.page.getByRole('button', { name: 'Edit message' }).click();
    await iris.page.getByLabel('Edit your message').fill('the quarterly numbers are final');
    await iris.page.getByLabel('Edit your message').press('Enter');
    await until(async () => (await messageTexts(henry.page)).includes('the quarterly numbers are final'), 10_000, 'henry sees the edit');
    await henry.page.getByText('(edited)').waitFor();

    await post(iris.page, roomName, 'oops, wrong room');
    await until(async () => (await messageTexts(henry.page)).includes('oops, wrong room'), 10_000, 'henry sees the slip');
    const slip = iris.page.getByTestId('message').filter({ hasText: 'oops, wrong room' });
    await slip.getByRole('button', { name: 'Delete message' }).click();
    await slip.getByRole('button', { name: 'Delete for everyone' }).click();
    await henry.page.getByText('This message was withdrawn.').waitFor({ timeout: 10_000 });
    expect(await messageTexts(henry.page)).not.toContain('oops, wrong room');

    await post(henry.page, roomName, 'budget review tomorrow at nine');
    await henry.page.getByRole('button', { name: 'Search' }).click();
    await henry.page.getByLabel(`Search messages in ${roomName}`).fill('budget nine');
    // The search index follows the room's log: ask until it has the message.
    await until(
      async () => {
        await henry.page.getByRole('search').getByRole('button', { name: 'Search' }).click();
        await henry.page.getByRole('status').filter({ hasText: /found|No message/ }).waitFor();
        return (await henry.page.getByTestId('search-hit').count()) > 0;
      },
      20_000,
      'the search finds it',
    );
    expect(await henry.page.getByTestId('search-hit').allTextContents()).toEqual([expect.stringContaining('budget review tomorrow at nine')]);
    await henry.page.screenshot({ path: join(SHOTS, 'room-search.png') });
    await henry.page.emulateMedia({ colorScheme: 'dark' });
    await henry.page.screenshot({ path: join(SHOTS, 'room-search-dark.png') });
  });

  it('takes a search hit far back in a long room into the conversation, loading history up to it', async () => {
    const category = await stack.admin.categories.create({ name: randomName('Archive '), allowed: [{ kind: 'everyone' }] });
    const name = randomName('Long ');
    const room = await stack.admin.rooms.create({ categoryId: category.id, name });
    const writer = await stack.client('iris');
    const live = await LiveClient.connect({ channel: stack.web, credentials: writer.session });
    try {
      await live.join(room.id);
      await live.post(room.id, 'the needle in the haystack');
      for (let from = 1; from <= 600; from += 200) await Promise.all(Array.from({ length: 200 }, (_, i) => live.post(room.id, `hay ${from + i}`)));
    } finally {
      await live.close();
    }

    const { page } = await stack.signIn('henry');
    await joinRoom(page, name);
    await until(async () => (await messageTexts(page)).includes('hay 600'), 20_000, 'the latest messages');
    expect(await messageTexts(page)).not.toContain('the needle in the haystack');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByLabel(`Search messages in ${name}`).fill('needle');
    await until(
      async () => {
        await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
        await page.getByRole('status').filter({ hasText: /found|No message/ }).waitFor();
        return (await page.getByTestId('search-hit').count()) > 0;
      },
      20_000,
      'the search finds it',
    );
    await page.getByTestId('search-hit').getByRole('button', { name: 'Show in conversation' }).click();
    // Six hundred messages back: history is loaded up to it, and the view is on it, marked.
    const needle = page.locator('.messages [aria-current=true]');
    await needle.waitFor({ timeout: 20_000 });
    expect(await needle.getByTestId('message-text').textContent()).toBe('the needle in the haystack');
    await settled(page);
    const inView = (await page.evaluate(`(() => {
      const list = document.querySelector(".messages").getBoundingClientRect();
      const item = document.querySelector(".messages [aria-current=true]").getBoundingClientRect();
      return item.top >= list.top && item.bottom <= list.bottom;
    })()`)) as boolean;
    expect(inView).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'search-hit-shown.png') });
  });
});
