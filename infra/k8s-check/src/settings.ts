import { join } from 'node:path';
import { DEFAULT_PORTS, type ConfigShape, type ServiceName } from '@parley/config';
import { HealthController, serviceSettings } from '@parley/nest-kit';
import { HEALTH_PATHS, webSettings } from '@parley/web-gateway';
import { REPOSITORY } from './repository.js';

/** The Parley services (NestJS on NATS), each a Deployment of the same name in k8s/. */
export const SERVICES = Object.keys(DEFAULT_PORTS) as ServiceName[];

/** What the Parley image runs (the Dockerfile's SERVICE): the services, and `web`, the web client and its server. */
export type Component = ServiceName | 'web';

/** Every component, each a Deployment of the same name in k8s/ with a container of that name. */
export const COMPONENTS: readonly Component[] = [...SERVICES, 'web'];

/** Every component's settings (the services' common ones included): what its environment may contain. */
export type ServiceSettings = Record<Component, ConfigShape>;

export interface HealthPaths {
  live: string;
  ready: string;
}

/**
 * Reads each service's settings from its app, as scripts/config-docs.cjs does: apps are not
 * importable from other projects (module boundaries), so the file is loaded by path: the source
 * under Jest, the build (`tsc -b`) when this tool runs compiled.
 */
export async function loadServiceSettings(): Promise<ServiceSettings> {
  const compiled = __filename.endsWith('.js');
  const settings: Partial<ServiceSettings> = {};
  for (const name of SERVICES) {
    const file = join(REPOSITORY, 'apps', name, compiled ? 'dist' : 'src', `${name}.settings.${compiled ? 'js' : 'ts'}`);
    const module = (await import(file)) as Record<string, ConfigShape | undefined>;
    const own = module[`${name}Settings`];
    if (!own) throw new Error(`${file} does not export ${name}Settings`);
    settings[name] = serviceSettings(name, own);
  }
  // The web client's server is a library's (libs/web-gateway), importable as such.
  settings.web = webSettings;
  return settings as ServiceSettings;
}

/** Nest's metadata key for a controller's or handler's route path. */
const PATH_METADATA = 'path';

/**
 * The liveness and readiness paths of each component: the services', read from nest-kit's
 * HealthController; the web client's server's, from the gateway that answers them.
 */
export function healthPaths(): Record<Component, HealthPaths> {
  const base: unknown = Reflect.getMetadata(PATH_METADATA, HealthController);
  const live: unknown = Reflect.getMetadata(PATH_METADATA, HealthController.prototype.live);
  const ready: unknown = Reflect.getMetadata(PATH_METADATA, HealthController.prototype.ready);
  if (typeof base !== 'string' || typeof live !== 'string' || typeof ready !== 'string') throw new Error('cannot read the routes of HealthController');
  const service = { live: `/${base}/${live}`, ready: `/${base}/${ready}` };
  return { ...(Object.fromEntries(SERVICES.map((name) => [name, service])) as Record<ServiceName, HealthPaths>), web: { ...HEALTH_PATHS } };
}
