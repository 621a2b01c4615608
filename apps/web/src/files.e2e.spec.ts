import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomName, tempDir, until } from '@parley/testing';
import type { Page } from 'playwright-core';
import { joinRoom, PASSWORD, SHOTS, startWebStack, type WebStack } from './test/web-stack.fixture.js';

// Files in the browser: one person sends (with the button, and by dropping), the other downloads the same bytes.
describe('files in the web client', () => {
  let stack: WebStack;
  const roomName = randomName('Files ');

  beforeAll(async () => {
    stack = await startWebStack({ tempDir, until });
    for (const username of ['carol', 'dave']) await stack.admin.users.create({ username, password: PASSWORD });
    const category = await stack.admin.categories.create({ name: randomName('Docs '), allowed: [{ kind: 'everyone' }], settings: { fileUpload: true } });
    await stack.admin.rooms.create({ categoryId: category.id, name: roomName });
  });

  afterAll(() => stack?.stop());

  async function download(page: Page, name: string): Promise<Buffer> {
    const button = page.getByRole('button', { name: `Download ${name}` });
    await button.waitFor({ timeout: 20_000 });
    const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(file.suggestedFilename()).toBe(name);
    return readFile((await file.path())!);
  }

  it('sends a file chosen with the button, and one dropped on the room; the other person downloads both byte-identical', async () => {
    const carol = await stack.signIn('carol');
    await joinRoom(carol.page, roomName);
    const dave = await stack.signIn('dave');
    await joinRoom(dave.page, roomName);

    const report = randomBytes(1_500_000);
    await carol.page.getByRole('button', { name: 'Attach file' }).waitFor();
    await carol.page.getByLabel(`Files to send to ${roomName}`).setInputFiles({ name: 'report.bin', mimeType: 'application/octet-stream', buffer: report });
    expect((await download(dave.page, 'report.bin')).equals(report)).toBe(true);

    // Dropped from the desktop: a drag carrying a file, let go over the room.
    const notes = 'Minutes of the meeting\n— ünïcödé and <b>markup</b> stay as they are\n';
    const transfer = await carol.page.evaluateHandle(`(() => {
      const data = new DataTransfer();
      data.items.add(new File([${JSON.stringify(notes)}], 'notes.txt', { type: 'text/plain' }));
      return data;
    })()`);
    const room = carol.page.getByTestId('room');
    await room.dispatchEvent('dragover', { dataTransfer: transfer });
    await room.dispatchEvent('drop', { dataTransfer: transfer });
    expect((await download(dave.page, 'notes.txt')).toString('utf8')).toBe(notes);
    await carol.page.getByRole('button', { name: 'Download notes.txt' }).waitFor();
    expect(await carol.page.getByTestId('upload').count()).toBe(0);
    await dave.page.screenshot({ path: join(SHOTS, 'room-files.png') });
  });
});
