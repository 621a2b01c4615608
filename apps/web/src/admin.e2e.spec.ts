import { join } from 'node:path';
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
    expect(await row.getByRole('cell').allTextContents()).toEqual(['open', 'normal', '', 'admin', 'grace', 'Disable Edit']);
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
    expect(await row.getByRole('cell').allTextContents()).toEqual(['closed', 'normal', 'admin', 'admin', '', 'Disable Edit']);

    // Saving what is there already changes nothing.
    await row.getByRole('button', { name: `Edit ${after}` }).click();
    form = page.getByRole('form', { name: `Edit ${after}` });
    await form.getByRole('button', { name: 'Save changes' }).click();
    await outcome(page, `Nothing to change in ${after}.`);
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
