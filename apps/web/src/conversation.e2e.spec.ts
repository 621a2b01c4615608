import { join } from 'node:path';
import { randomName, tempDir, until } from '@parley/testing';
import { joinRoom, messageTexts, PASSWORD, post, SHOTS, startWebStack, type WebStack } from './test/web-stack.fixture.js';

// A conversation's finer points: who is here, who is typing, editing and withdrawing your own messages, search.
describe('a conversation in the web client', () => {
  let stack: WebStack;
  const roomName = randomName('Desk ');

  beforeAll(async () => {
    stack = await startWebStack({ tempDir, until });
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
});
