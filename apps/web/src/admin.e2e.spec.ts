import { join } from 'node:path';
import { NotFoundError } from '@parley/contracts';
import { randomName, tempDir, until } from '@parley/testing';
import type { Page } from 'playwright-core';
import { joinRoom, PASSWORD, SHOTS, startWebStack, type WebStack } from './test/web-stack.fixture.js';

// The administration console: what an administrator sets up there, people then use.
describe('the administration console', () => {
  let stack: WebStack;

  beforeAll(async () => {
    stack = await startWebStack({ tempDir, until });
    await stack.admin.users.create({ username: 'grace', password: PASSWORD });
  });

  afterAll(() => stack?.stop());

  const outcome = async (page: Page, text: string) => {
    await page.getByTestId('admin-message').filter({ hasText: text }).waitFor({ timeout: 15_000 });
  };

  it('creates a category and a room that a user then finds and joins; disabling the room closes it for her', async () => {
    const categoryName = randomName('Projects ');
    const roomName = randomName('Launch ');
    const { page } = await stack.signIn('admin', { password: stack.adminPassword });
    await page.getByRole('button', { name: 'Administration' }).click();

    await page.getByRole('heading', { name: 'Categories' }).waitFor();
    const newCategory = page.getByRole('form', { name: 'New category' });
    await newCategory.getByLabel('Name', { exact: true }).fill(categoryName);
    await newCategory.getByLabel('Allowed (who may be in its rooms)').fill('everyone');
    await newCategory.getByLabel('Creators (who may create rooms)').fill('grace');
    await newCategory.getByRole('button', { name: 'Create category' }).click();
    await outcome(page, `Category ${categoryName} created.`);
    await page.getByRole('row', { name: new RegExp(categoryName) }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'admin-categories.png'), fullPage: true });

    await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Rooms' }).click();
    const newRoom = page.getByRole('form', { name: 'New room' });
    await newRoom.getByLabel('Category', { exact: true }).selectOption({ label: categoryName });
    await newRoom.getByLabel('Name', { exact: true }).fill(roomName);
    await newRoom.getByLabel('Description').fill('Where the launch is planned');
    await newRoom.getByLabel('Presenters').fill('grace');
    await newRoom.getByRole('button', { name: 'Create room' }).click();
    await outcome(page, `Room ${roomName} created.`);
    const row = page.getByRole('row', { name: new RegExp(roomName) });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([categoryName, 'open', 'normal', '', 'admin', 'grace', '', 'Disable Edit Remove']);
    await page.screenshot({ path: join(SHOTS, 'admin-rooms.png'), fullPage: true });

    await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Users' }).click();
    await page.getByRole('row', { name: /grace/ }).waitFor();

    const grace = await stack.signIn('grace');
    expect(await grace.page.getByRole('button', { name: 'Administration' }).count()).toBe(0);
    await joinRoom(grace.page, roomName);

    await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Rooms' }).click();
    await page.getByRole('button', { name: `Disable ${roomName}` }).click();
    await outcome(page, `Room ${roomName} disabled.`);
    await grace.page.getByRole('alert').filter({ hasText: 'the room was disabled' }).waitFor({ timeout: 15_000 });
  });

  it('edits a room: renames it, closes it to named members, and refuses a name taken in its category, changing nothing', async () => {
    const category = await stack.admin.categories.create({ name: randomName('Desks '), allowed: [{ kind: 'everyone' }] });
    const [taken, before, after] = [randomName('Taken '), randomName('Draft '), randomName('Trading ')];
    await stack.admin.rooms.create({ categoryId: category.id, name: taken });
    const room = await stack.admin.rooms.create({ categoryId: category.id, name: before, members: [{ kind: 'user', name: 'grace' }] });
    const { page } = await stack.signIn('admin', { password: stack.adminPassword });
    await page.getByRole('button', { name: 'Administration' }).click();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Rooms' }).click();

    await page.getByRole('button', { name: `Edit ${before}` }).click();
    let form = page.getByRole('form', { name: `Edit ${before}` });
    expect(await form.getByLabel('Members').inputValue()).toBe('grace');
    await form.getByLabel('Name', { exact: true }).fill(taken);
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('admin-message').filter({ hasText: taken }).waitFor({ timeout: 15_000 });
    expect((await stack.admin.rooms.get(room.id)).name).toBe(before);

    await form.getByLabel('Name', { exact: true }).fill(after);
    await form.getByLabel('Privacy').selectOption('closed');
    await form.getByLabel('Members').fill('admin');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await outcome(page, `Room ${after} saved.`);
    const saved = await stack.admin.rooms.get(room.id);
    expect(saved).toMatchObject({ name: after, privacy: 'closed' });
    expect(saved.members.map((m) => m.label)).toEqual(['admin']);
    const row = page.getByRole('row', { name: new RegExp(after) });
    expect(await row.getByRole('cell').allTextContents()).toEqual([category.name, 'closed', 'normal', 'admin', 'admin', '', '', 'Disable Edit Remove']);

    // Saving what is there already changes nothing.
    await row.getByRole('button', { name: `Edit ${after}` }).click();
    form = page.getByRole('form', { name: `Edit ${after}` });
    await form.getByRole('button', { name: 'Save changes' }).click();
    await outcome(page, `Nothing to change in ${after}.`);
  });

  it('gives a room an add-in and moves it to another category; removes the room, and a category once empty but not before', async () => {
    const category = (prefix: string) => stack.admin.categories.create({ name: randomName(prefix), allowed: [{ kind: 'everyone' }] });
    const [from, to] = await Promise.all([category('Old desk '), category('New desk ')]);
    const [roomName, addinName, renamed] = [randomName('Moving '), randomName('Wiki '), randomName('Archive ')];
    const room = await stack.admin.rooms.create({ categoryId: from.id, name: roomName });
    const { page } = await stack.signIn('admin', { password: stack.adminPassword });
    await page.getByRole('button', { name: 'Administration' }).click();
    const nav = page.getByRole('navigation', { name: 'Administration' });
    const remove = async (what: string) => {
      await page.getByRole('button', { name: `Remove ${what}`, exact: true }).click();
      await page.getByRole('group', { name: `Remove ${what}?` }).getByRole('button', { name: `Remove ${what}`, exact: true }).click();
    };

    // A category with a room in it is not removed: the server's refusal is shown, and nothing changes.
    await remove(from.name);
    await outcome(page, `category "${from.name}" is not empty: it has 1 room`);
    expect(await stack.admin.categories.get(from.id)).toMatchObject({ name: from.name, roomCount: 1 });

    await nav.getByRole('button', { name: 'Add-ins' }).click();
    const newAddin = page.getByRole('form', { name: 'New add-in' });
    await newAddin.getByLabel('Name').fill(addinName);
    await newAddin.getByLabel('Address').fill('http://127.0.0.1:9/wiki');
    await newAddin.getByRole('button', { name: 'Register add-in' }).click();
    await outcome(page, `Add-in ${addinName} registered.`);
    await page.getByRole('button', { name: `Edit ${addinName}` }).click();
    await page.getByRole('form', { name: `Edit ${addinName}` }).getByLabel('Address').fill('https://wiki.example.com/rooms');
    await page.getByRole('form', { name: `Edit ${addinName}` }).getByRole('button', { name: 'Save changes' }).click();
    await outcome(page, `Add-in ${addinName} saved.`);
    const addin = (await stack.admin.addins.list()).find((a) => a.name === addinName);
    expect(addin?.url).toBe('https://wiki.example.com/rooms');

    await nav.getByRole('button', { name: 'Rooms' }).click();
    await page.getByRole('button', { name: `Edit ${roomName}` }).click();
    const edit = page.getByRole('form', { name: `Edit ${roomName}` });
    await edit.getByLabel('Category', { exact: true }).selectOption({ label: to.name });
    await edit.getByLabel('Add-in').selectOption({ label: addinName });
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await outcome(page, `Room ${roomName} saved.`);
    expect(await stack.admin.rooms.get(room.id)).toMatchObject({ categoryId: to.id, addinId: addin!.id });
    const row = page.getByRole('row', { name: new RegExp(roomName) });
    await row.getByRole('cell', { name: to.name, exact: true }).waitFor();
    await row.getByRole('cell', { name: addinName, exact: true }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'admin-room-moved.png'), fullPage: true });

    // People find the room under its new category.
    const lookup = stack.admin.lookup(stack.web);
    await until(async () => (await lookup.resolve(room.id)).categoryId === to.id, 15_000, 'the directory has the move');
    const grace = await stack.signIn('grace');
    await grace.page.getByRole('button', { name: 'Find a room' }).click();
    await grace.page.getByLabel('Search rooms').fill(roomName);
    await grace.page.getByRole('region', { name: to.name }).getByRole('button', { name: `Join ${roomName}` }).waitFor({ timeout: 15_000 });

    await remove(roomName);
    await outcome(page, `Room ${roomName} removed.`);
    await expect(stack.admin.rooms.get(room.id)).rejects.toThrow(NotFoundError);
    await row.waitFor({ state: 'detached' });

    // The emptied category: renamed, moved under the other one, then removed; the other once its room is gone.
    await nav.getByRole('button', { name: 'Categories' }).click();
    await page.getByRole('button', { name: `Edit ${from.name}` }).click();
    const editCategory = page.getByRole('form', { name: `Edit ${from.name}` });
    await editCategory.getByLabel('Name', { exact: true }).fill(renamed);
    await editCategory.getByLabel('Parent').selectOption({ label: to.name });
    await editCategory.getByLabel('Creators (who may create rooms)').fill('grace');
    await editCategory.getByLabel('Chat history').uncheck();
    await editCategory.getByRole('button', { name: 'Save changes' }).click();
    const path = `${to.name} / ${renamed}`;
    await outcome(page, `Category ${path} saved.`);
    expect(await stack.admin.categories.get(from.id)).toMatchObject({
      name: renamed,
      parentId: to.id,
      creators: [{ kind: 'user', label: 'grace' }],
      settings: { invitations: true, fileUpload: true, chatHistory: false },
    });
    await remove(path);
    await outcome(page, `Category ${path} removed.`);
    await until(async () => (await stack.admin.categories.get(to.id)).roomCount === 0, 15_000, 'the tree without the removed room');
    await nav.getByRole('button', { name: 'Rooms' }).click();
    await nav.getByRole('button', { name: 'Categories' }).click();
    await remove(to.name);
    await outcome(page, `Category ${to.name} removed.`);
    const left = (await stack.admin.categories.list()).map((c) => c.id);
    expect(left).not.toContain(from.id);
    expect(left).not.toContain(to.id);
  });

  it('turns Persistent Chat off for one user and clears it, grants a role and revokes it, and shows the refusals', async () => {
    const grace = (await stack.admin.users.list({ username: 'grace' })).items[0]!;
    const { page } = await stack.signIn('admin', { password: stack.adminPassword });
    await page.getByRole('button', { name: 'Administration' }).click();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Access' }).click();

    const setPolicy = page.getByRole('form', { name: 'Set a policy' });
    await setPolicy.getByLabel('User or group').fill('user:grace');
    await setPolicy.getByLabel('Persistent Chat').selectOption('off');
    await setPolicy.getByRole('button', { name: 'Set policy' }).click();
    await outcome(page, 'Persistent Chat is off for user:grace.');
    await page.getByRole('row', { name: 'user:grace' }).getByRole('cell', { name: 'off', exact: true }).waitFor();
    expect(await stack.admin.policies.list()).toContainEqual({ target: { kind: 'user', id: grace.id, label: 'grace' }, persistentChatEnabled: false });
    await expect(stack.client('grace')).rejects.toThrow('persistent chat is not enabled for this account');

    // A group that does not exist: the server's words, and no policy more.
    const policies = await stack.admin.policies.list();
    await setPolicy.getByLabel('User or group').fill('group:nobody');
    await setPolicy.getByRole('button', { name: 'Set policy' }).click();
    await outcome(page, 'no group named "nobody"');
    expect(await stack.admin.policies.list()).toEqual(policies);

    const grant = page.getByRole('form', { name: 'Grant a role' });
    await grant.getByLabel('Role').selectOption('compliance-officer');
    await grant.getByLabel('User or group').fill('grace');
    await grant.getByRole('button', { name: 'Grant role' }).click();
    await outcome(page, 'Granted compliance-officer to grace.');
    await page.getByRole('row', { name: 'compliance-officer user:grace' }).waitFor();
    expect(await stack.admin.roles.list()).toContainEqual({ role: 'compliance-officer', principal: { kind: 'user', id: grace.id, label: 'grace' } });
    await page.screenshot({ path: join(SHOTS, 'admin-access.png'), fullPage: true });

    // The last administrator stays one.
    await page.getByRole('button', { name: 'Revoke administrator from user:admin' }).click();
    await outcome(page, 'at least one administrator must remain');
    expect((await stack.admin.roles.list()).filter((a) => a.role === 'administrator').map((a) => a.principal.label)).toEqual(['admin']);

    await page.getByRole('button', { name: 'Revoke compliance-officer from user:grace' }).click();
    await outcome(page, 'Revoked compliance-officer from user:grace.');
    expect((await stack.admin.roles.list()).some((a) => a.principal.id === grace.id)).toBe(false);

    // Cleared, the global policy applies again: she may sign in.
    await page.getByRole('button', { name: 'Clear the policy for user:grace' }).click();
    await outcome(page, 'The policy for user:grace is cleared: the next level applies.');
    expect((await stack.admin.policies.list()).some((p) => p.target.kind !== 'global' && p.target.id === grace.id)).toBe(false);
    await (await stack.client('grace')).session.logout();
  });

  it('changes the server settings', async () => {
    const { page } = await stack.signIn('admin', { password: stack.adminPassword });
    await page.getByRole('button', { name: 'Administration' }).click();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Server' }).click();
    const settings = page.getByRole('form', { name: 'Server settings' });
    await settings.getByLabel('Messages a joining client receives (backchat)').fill('42');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await outcome(page, 'Server settings saved.');
    expect((await stack.admin.config.get()).backchatSize).toBe(42);
    await page.screenshot({ path: join(SHOTS, 'admin-server.png'), fullPage: true });
  });
});
