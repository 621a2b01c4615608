import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALLED_CLIENT } from '@parley/web-gateway';
import { renderOverlay } from './kustomize.js';
import { find, podTemplateOf } from './manifest.js';
import { REPOSITORY } from './repository.js';
import { COMPONENTS, SERVICES } from './settings.js';

// No Docker engine here: the image cannot be built in tests, so what it must do is read off the file.
const dockerfile = readFileSync(join(REPOSITORY, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtime = stages.at(-1)!;
const json = (path: string) => JSON.parse(readFileSync(join(REPOSITORY, path), 'utf8')) as Record<string, unknown>;

describe('the Dockerfile', () => {
  it('builds with npm ci and tsc -b, and builds only the services (and the web client) it knows', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/RUN npm ci/);
    expect(stages[0]).toContain(`case "$SERVICE" in ${COMPONENTS.join('|')})`);
    expect(stages[0]).toMatch(/RUN if \[ "\$SERVICE" = web \]; then npx tsc -b libs\/web-gateway\/tsconfig\.json && npm run build -w @parley\/web; +else npx tsc -b "apps\/\$SERVICE\/tsconfig\.json"; fi/);
  });

  it('builds the web client where its server looks for it (apps/web/dist, kept in the image like every dist/)', () => {
    expect(json('apps/web/package.json')).toMatchObject({ name: '@parley/web', scripts: { build: 'vite build' } });
    expect(readFileSync(join(REPOSITORY, 'apps', 'web', 'vite.config.mjs'), 'utf8')).toMatch(/outDir: 'dist'/);
    expect(INSTALLED_CLIENT).toBe(join(REPOSITORY, 'apps', 'web', 'dist'));
  });

  it('runs the service’s package entry point, as the launcher does, as node itself (SIGTERM reaches it)', () => {
    expect(runtime).toMatch(
      /^ENTRYPOINT \["\/bin\/sh", "-c", "main=\\"apps\/\$SERVICE\/dist\/main\.js\\"; \[ \\"\$SERVICE\\" != web \] \|\| main=libs\/web-gateway\/dist\/main\.js; exec node \\"\$main\\" \\"\$@\\"", "parley"\]$/m,
    );
    for (const service of SERVICES) expect(json(`apps/${service}/package.json`)['main']).toBe('dist/main.js');
    // web: the entry point of the web client's server, which the launcher runs in its own process.
    expect(existsSync(join(REPOSITORY, 'libs', 'web-gateway', 'src', 'main.ts'))).toBe(true);
    expect(readFileSync(join(REPOSITORY, 'libs', 'web-gateway', 'tsconfig.json'), 'utf8')).toMatch(/"outDir": "dist"/);
  });

  it('runs as the non-root user the manifests expect, with nothing but build output and production dependencies', () => {
    expect(runtime).toMatch(/^USER 1000:1000$/m);
    expect(runtime).toMatch(/^COPY --from=build \/out\/ \.\/$/m);
    expect(stages[0]).toMatch(/npm prune --omit=dev/);
    const objects = renderOverlay('prod');
    for (const component of COMPONENTS) expect(podTemplateOf(find(objects, 'Deployment', component)!)!.spec.securityContext?.runAsUser).toBe(1000);
  });

  it('writes only to PARLEY_DATA_DIR (the services) and /tmp, where the manifests mount volumes', () => {
    expect(runtime).toMatch(/PARLEY_DATA_DIR=\/data/);
    const objects = renderOverlay('prod');
    const mounts = (component: string) => podTemplateOf(find(objects, 'Deployment', component)!)!.spec.containers[0]!.volumeMounts?.map((m) => m.mountPath);
    for (const service of SERVICES) expect(mounts(service)).toEqual(expect.arrayContaining(['/data', '/tmp']));
    expect(mounts('web')).toEqual(['/tmp']);
  });

  it('leaves dependencies, build output and the repository’s history out of the build context', () => {
    const ignored = readFileSync(join(REPOSITORY, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.parley']));
  });
});
