import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { LiveClient } from '@parley/sdk';
import { randomName, tempDir, until } from '@parley/testing';
import { PASSWORD, post, SHOTS, startWebStack, type WebStack } from './test/web-stack.fixture.js';

// Staying on top of many rooms in the browser (issue 10): invitations, followed rooms with unread and
// mention counts kept by the server (read on one device, read on every device), and topic feeds.
describe('invitations, unread counts and topic feeds in the web client', () => {
  let stack: WebStack;
  let categoryId: string;
  const launch = randomName('Launch ');
  const lobby = randomName('Ops lobby ');
  let lobbyId: string;

  beforeAll(async () => {
    stack = await startWebStack({ tempDir, until });
    for (const username of ['kate', 'leo', 'mia']) await stack.admin.users.create({ username, password: PASSWORD });
    categoryId = (await stack.admin.categories.create({ name: randomName('Teams '), allowed: [{ kind: 'everyone' }], settings: { invitations: true } })).id;
    lobbyId = (await stack.admin.rooms.create({ categoryId, name: lobby })).id;
  });

  afterAll(() => stack?.stop());

  /** The side list's entry of a room (its accessible name carries the counts). */
  const entry = (page: Page, room: string) => page.getByRole('navigation', { name: 'Rooms' }).locator(`button[data-room="${room}"]`);
  const counts = async (page: Page, room: string) => ({
    unread: Number((await entry(page, room).getByTestId('unread').textContent({ timeout: 100 }).catch(() => '0')) ?? 0),
    mentions: Number(((await entry(page, room).getByTestId('mentions').textContent({ timeout: 100 }).catch(() => '@0')) ?? '@0').slice(1)),
  });
  const countsAre = (page: Page, room: string, expected: { unread: number; mentions: number }, what: string) =>
    until(async () => JSON.stringify(await counts(page, room)) === JSON.stringify(expected), 15_000, what);

  it('invites the members of a new room on every device; accepting opens and follows it, declining drops it', async () => {
    const kate = await stack.signIn('kate');
    const kateOnPhone = await stack.signIn('kate', { viewport: { width: 390, height: 800 } });
    await stack.admin.rooms.create({ categoryId, name: launch, privacy: 'closed', members: [{ kind: 'user', name: 'kate' }, { kind: 'user', name: 'leo' }] });
    const declined = randomName('Book club ');
    await stack.admin.rooms.create({ categoryId, name: declined, privacy: 'closed', members: [{ kind: 'user', name: 'kate' }] });

    await kate.page.getByTestId('invitation').filter({ hasText: launch }).waitFor();
    await kate.page.getByTestId('invitation').filter({ hasText: declined }).waitFor();
    expect(await kate.page.getByTestId('invitation').filter({ hasText: launch }).textContent()).toContain('from admin');
    await kateOnPhone.page.getByRole('button', { name: '☰ Rooms' }).click();
    await kateOnPhone.page.getByTestId('invitation').filter({ hasText: launch }).waitFor();
    await kate.page.screenshot({ path: join(SHOTS, 'invitations.png') });

    await kate.page.getByRole('button', { name: `Decline the invitation to ${declined}` }).click();
    await kate.page.getByTestId('invitation').filter({ hasText: declined }).waitFor({ state: 'detached' });
    await kate.page.getByRole('button', { name: `Accept the invitation to ${launch}` }).click();
    await kate.page.getByRole('heading', { name: launch }).waitFor();
    expect(await kate.page.getByRole('button', { name: 'Following' }).getAttribute('aria-pressed')).toBe('true');
    // The other device hears that the room is followed now: the invitation goes, the room is listed.
    await kateOnPhone.page.getByTestId('invitation').filter({ hasText: launch }).waitFor({ state: 'detached' });
    await entry(kateOnPhone.page, launch).waitFor();
    expect(await kate.page.getByTestId('invitation').count()).toBe(0);
    // Answered invitations stay answered after a reload.
    await kate.page.reload();
    await kate.page.locator('[data-testid=connection].online').waitFor({ state: 'attached' });
    await entry(kate.page, launch).waitFor();
    expect(await kate.page.getByTestId('invitation').count()).toBe(0);
  });

  it('counts unread messages and mentions in followed rooms on every device, and a read on one clears them on all', async () => {
    const kate = await stack.signIn('kate');
    const kateAgain = await stack.signIn('kate');
    const leo = await stack.signIn('leo');
    await leo.page.getByRole('button', { name: `Accept the invitation to ${launch}` }).click();
    await leo.page.getByRole('heading', { name: launch }).waitFor();
    // Kate looks at something else on both devices.
    for (const page of [kate.page, kateAgain.page]) await entry(page, launch).waitFor();

    await post(leo.page, launch, 'the launch slipped a day');
    await post(leo.page, launch, '@kate can you update the plan?');
    await post(leo.page, launch, 'thanks all');
    await countsAre(kate.page, launch, { unread: 3, mentions: 1 }, 'three unread, one mention, on the first device');
    await countsAre(kateAgain.page, launch, { unread: 3, mentions: 1 }, 'the same on the second device');
    expect(await entry(kate.page, launch).getAttribute('aria-label')).toBe(`${launch}, 3 unread, 1 mentioning you`);
    await kate.page.screenshot({ path: join(SHOTS, 'unread-counts.png') });

    // Reading on the first device reads everywhere.
    await entry(kate.page, launch).click();
    await kate.page.getByRole('heading', { name: launch }).waitFor();
    await countsAre(kateAgain.page, launch, { unread: 0, mentions: 0 }, 'read on the second device too');
    // While kate reads the room, new messages are read at once; her other device never counts them.
    await post(leo.page, launch, 'plan updated');
    await until(async () => (await kate.page.getByTestId('message-text').allTextContents()).includes('plan updated'), 10_000, 'kate sees the new message');
    await countsAre(kateAgain.page, launch, { unread: 0, mentions: 0 }, 'still nothing unread elsewhere');

    // A reconnect does not bring old counts back.
    await kateAgain.page.reload();
    await kateAgain.page.locator('[data-testid=connection].online').waitFor({ state: 'attached' });
    await entry(kateAgain.page, launch).waitFor();
    await countsAre(kateAgain.page, launch, { unread: 0, mentions: 0 }, 'nothing unread after a reload');

    // Notifications only for mentions: a plain message is still counted, and a mention is.
    await kateAgain.page.getByRole('button', { name: 'Find a room' }).click();
    await entry(kate.page, launch).click();
    await kate.page.getByLabel(`Notify me in ${launch} of`).selectOption('mentions');
    await kate.page.getByRole('button', { name: 'Find a room' }).click();
    await post(leo.page, launch, 'ping @kate');
    await countsAre(kateAgain.page, launch, { unread: 1, mentions: 1 }, 'the mention is counted');
  });

  it('feeds messages matching a filter from every room the user may read, never from one she may not, and opens them', async () => {
    const kate = await stack.signIn('kate');
    const kateAgain = await stack.signIn('kate');
    const mia = await stack.client('mia');
    const hidden = await stack.admin.rooms.create({ categoryId, name: randomName('Private '), privacy: 'closed', members: [{ kind: 'user', name: 'mia' }] });

    await kate.page.getByRole('button', { name: 'Topic feeds' }).click();
    await kate.page.getByRole('heading', { name: 'Topic feeds' }).waitFor();
    // Bad input: an author who does not exist is refused, and nothing is added.
    await kate.page.getByLabel('From people').fill('nobody-by-that-name');
    await kate.page.getByRole('button', { name: 'Add filter' }).click();
    await kate.page.getByRole('alert').filter({ hasText: 'no user "nobody-by-that-name"' }).waitFor();
    expect(await kate.page.getByTestId('feed-filters').count()).toBe(0);
    await kate.page.getByLabel('From people').fill('');
    await kate.page.getByLabel('Name').fill('Incidents');
    await kate.page.getByLabel('Words or phrases').fill('outage, root cause');
    await kate.page.getByRole('button', { name: 'Add filter' }).click();
    await kate.page.getByTestId('feed-filters').filter({ hasText: 'Incidents' }).waitFor();

    const live = await LiveClient.connect({ channel: stack.web, credentials: mia.session });
    await live.join(hidden.id);
    await live.post(hidden.id, 'outage in the private project');
    await live.join(lobbyId);
    await live.post(lobbyId, 'nothing to see here');
    await live.post(lobbyId, 'database OUTAGE in eu-west');
    // The match arrives live; the name of a room she has not joined follows from the server.
    await kate.page.getByTestId('feed-item').filter({ hasText: 'database OUTAGE in eu-west' }).filter({ hasText: `in ${lobby}` }).waitFor();
    expect(await kate.page.getByTestId('feed-item').count()).toBe(1);
    // The other device counts the alert until its feed is looked at.
    await until(async () => (await kateAgain.page.getByTestId('feed-alerts').textContent({ timeout: 100 }).catch(() => '')) === '1', 10_000, 'an alert on the other device');
    await kateAgain.page.getByRole('button', { name: /^Topic feeds/ }).click();
    await kateAgain.page.getByTestId('feed-item').filter({ hasText: 'database OUTAGE in eu-west' }).waitFor();
    await kateAgain.page.getByTestId('feed-alerts').waitFor({ state: 'detached' });
    await kate.page.screenshot({ path: join(SHOTS, 'topic-feeds.png') });
    await live.close();

    await kate.page.getByRole('button', { name: `Open ${lobby}` }).click();
    await kate.page.getByRole('heading', { name: lobby }).waitFor();
    await until(async () => (await kate.page.getByTestId('message-text').allTextContents()).includes('database OUTAGE in eu-west'), 10_000, 'the message in its room');

    await kate.page.getByRole('button', { name: /^Topic feeds/ }).click();
    await kate.page.getByRole('button', { name: 'Remove the filter Incidents' }).click();
    await kate.page.getByTestId('feed-filters').waitFor({ state: 'detached' });
  });
});
