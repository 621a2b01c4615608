import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ParleyClient } from '@parley/sdk';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// The web client end to end: `npm start`'s launcher (single-server topology, every service and the
// web gateway), the built app, and people in headless Chromium.
export const root = join(__dirname, '..', '..', '..', '..');
const launcherMain = join(root, 'infra', 'launcher', 'dist', 'main.js');
const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of the main views, for people to look at (tmp/ is ignored by git). */
export const SHOTS = join(root, 'tmp', 'web-e2e');
export const PASSWORD = 'Correct-horse-battery-9';

/** What the stack needs from libs/testing (passed in by the spec: fixtures may not import it). */
export interface Harness {
  tempDir(prefix: string): { path: string; remove(): void };
  until(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void>;
}

export interface WebStack {
  /** The web gateway's origin: the app and the API. */
  web: string;
  /** Signed in as the first administrator, through the gateway. */
  admin: ParleyClient;
  adminPassword: string;
  browser: Browser;
  /** A new browser context (its own storage), signed in on the app and connected. */
  signIn(username: string, options?: { viewport?: { width: number; height: number }; password?: string }): Promise<{ context: BrowserContext; page: Page }>;
  /** A client signed in as `username`, through the gateway. */
  client(username: string, password?: string): Promise<ParleyClient>;
  stop(): Promise<void>;
}

/** Starts the launcher on free ports with an empty data folder, and Chromium. */
export async function startWebStack({ tempDir, until }: Harness, env: Record<string, string> = {}): Promise<WebStack> {
  if (!existsSync(join(root, 'apps', 'web', 'dist', 'index.html'))) throw new Error('build the web client first: npm run build');
  mkdirSync(SHOTS, { recursive: true });
  const data = tempDir('parley-web-');
  let output = '';
  const launcher: ChildProcess = spawn(process.execPath, [launcherMain, '--data-dir', data.path, '--port-base', '0', '--nats-port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  launcher.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  launcher.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const contexts: BrowserContext[] = [];
  let browser: Browser | undefined;

  const stop = async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    if (launcher.exitCode === null) {
      launcher.kill('SIGTERM');
      await new Promise((resolve) => launcher.once('exit', resolve));
    }
    data.remove();
  };

  try {
    // The addresses and the password are printed after "ready", possibly in later chunks.
    const printed = () => /Web client: \S+\s/.test(output) && /^\s+password\s+\S+\n/m.test(output);
    await until(() => printed() || launcher.exitCode !== null, 120_000, 'Parley ready');
    if (launcher.exitCode !== null) throw new Error(`launcher exited:\n${output}`);
    const web = /Web client: (\S+)/.exec(output)![1]!;
    const adminPassword = /^\s+password\s+(\S+)\n/m.exec(output)![1]!;
    const client = async (username: string, password = PASSWORD) => {
      const signedIn = new ParleyClient({ server: web });
      await signedIn.session.login(username, password);
      return signedIn;
    };
    const admin = await client('admin', adminPassword);
    const started = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    browser = started;

    const signIn: WebStack['signIn'] = async (username, options = {}) => {
      const context = await started.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, acceptDownloads: true });
      contexts.push(context);
      const page = await context.newPage();
      await signInOn(page, web, username, options.password);
      return { context, page };
    };
    return { web, admin, adminPassword, browser: started, signIn, client, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Opens the app on `page` and signs in (each tab signs in: its tokens are the tab's own). */
export async function signInOn(page: Page, web: string, username: string, password = PASSWORD): Promise<void> {
  await page.goto(web);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // On a phone the side list (and its indicator) is folded away: wait for the state, not the text.
  await page.locator('[data-testid=connection].online').waitFor({ state: 'attached' });
}

/** The text of every message shown, in order. */
export const messageTexts = (page: Page) => page.getByTestId('message-text').allTextContents();

/** Finds a room in the browser by its name and joins it. */
export async function joinRoom(page: Page, name: string): Promise<void> {
  if (!(await page.getByLabel('Search rooms').isVisible())) await page.getByRole('button', { name: 'Find a room' }).click();
  await page.getByLabel('Search rooms').fill(name);
  await page.getByRole('button', { name: `Join ${name}` }).click();
  await page.getByRole('heading', { name }).waitFor();
}

export async function post(page: Page, room: string, text: string): Promise<void> {
  await page.getByLabel(`Message ${room}`).fill(text);
  await page.getByLabel(`Message ${room}`).press('Enter');
}

/** Waits until the page has rendered what the last change asked for (two animation frames). */
export const settled = (page: Page) => page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');

/** The messages shown in the room view, as [seq, text], in DOM order: only the window the virtualised list holds. */
export async function shownMessages(page: Page): Promise<[number, string][]> {
  return (await page.evaluate(
    '[...document.querySelectorAll(".messages [data-seq]")].map((item) => [Number(item.dataset.seq), item.querySelector("[data-testid=message-text]")?.textContent ?? ""])',
  )) as [number, string][];
}

/** Scrolls the room's message list to the top. */
export const scrollToTop = (page: Page) => page.evaluate('document.querySelector(".messages").scrollTop = 0');

/** Every message loaded in the room view, read by scrolling it from the top to the bottom, oldest first. */
export async function scrollThrough(page: Page): Promise<string[]> {
  const seen = new Map<number, string>();
  await scrollToTop(page);
  for (let moved = true; moved; ) {
    await settled(page);
    for (const [seq, text] of await shownMessages(page)) seen.set(seq, text);
    moved = (await page.evaluate('(() => { const el = document.querySelector(".messages"); const before = el.scrollTop; el.scrollTop += el.clientHeight / 2; return el.scrollTop !== before; })()')) as boolean;
  }
  return [...seen].sort(([a], [b]) => a - b).map(([, text]) => text);
}
