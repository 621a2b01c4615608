import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOverlay } from './kustomize.js';
import { find, podTemplateOf } from './manifest.js';
import { REPOSITORY } from './repository.js';
import { SERVICES } from './settings.js';

// No Docker engine here: the image cannot be built in tests, so what it must do is read off the file.
const dockerfile = readFileSync(join(REPOSITORY, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtime = stages.at(-1)!;

describe('the Dockerfile', () => {
  it('builds with npm ci and tsc -b, and builds only the services it knows', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/RUN npm ci/);
    expect(stages[0]).toMatch(/RUN npx tsc -b "apps\/\$SERVICE\/tsconfig\.json"/);
    expect(stages[0]).toContain(`case "$SERVICE" in ${SERVICES.join('|')})`);
  });

  it('runs the service’s package entry point, as the launcher does, as node itself (SIGTERM reaches it)', () => {
    expect(runtime).toMatch(/^ENTRYPOINT \["\/bin\/sh", "-c", "exec node \\"apps\/\$SERVICE\/dist\/main\.js\\" \\"\$@\\"", "parley"\]$/m);
    for (const service of SERVICES) {
      const manifest = JSON.parse(readFileSync(join(REPOSITORY, 'apps', service, 'package.json'), 'utf8')) as { main: string };
      expect(manifest.main).toBe('dist/main.js');
    }
  });

  it('runs as the non-root user the manifests expect, with nothing but build output and production dependencies', () => {
    expect(runtime).toMatch(/^USER 1000:1000$/m);
    expect(runtime).toMatch(/^COPY --from=build \/out\/ \.\/$/m);
    expect(stages[0]).toMatch(/npm prune --omit=dev/);
    const channel = podTemplateOf(find(renderOverlay('prod'), 'Deployment', 'channel')!)!.spec;
    expect(channel.securityContext?.runAsUser).toBe(1000);
  });

  it('writes only to PARLEY_DATA_DIR, where the manifests mount a volume', () => {
    expect(runtime).toMatch(/PARLEY_DATA_DIR=\/data/);
    const objects = renderOverlay('prod');
    for (const service of SERVICES) {
      const container = podTemplateOf(find(objects, 'Deployment', service)!)!.spec.containers[0]!;
      expect(container.volumeMounts?.map((m) => m.mountPath)).toEqual(expect.arrayContaining(['/data', '/tmp']));
    }
  });

  it('leaves dependencies, build output and the repository’s history out of the build context', () => {
    const ignored = readFileSync(join(REPOSITORY, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.parley']));
  });
});
