import { join } from 'node:path';
import { DEFAULT_PORTS, type ConfigShape, type ServiceName } from '@parley/config';
import { HealthController, serviceSettings } from '@parley/nest-kit';
import { REPOSITORY } from './repository.js';

/** The Parley services, each a Deployment of the same name in k8s/. */
export const SERVICES = Object.keys(DEFAULT_PORTS) as ServiceName[];

/** Every service's settings (common ones included), by service: what its environment may contain. */
export type ServiceSettings = Record<ServiceName, ConfigShape>;

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
  return settings as ServiceSettings;
}

/** Nest's metadata key for a controller's or handler's route path. */
const PATH_METADATA = 'path';

/** The liveness and readiness paths every service serves, read from nest-kit's HealthController. */
export function healthPaths(): { live: string; ready: string } {
  const base: unknown = Reflect.getMetadata(PATH_METADATA, HealthController);
  const live: unknown = Reflect.getMetadata(PATH_METADATA, HealthController.prototype.live);
  const ready: unknown = Reflect.getMetadata(PATH_METADATA, HealthController.prototype.ready);
  if (typeof base !== 'string' || typeof live !== 'string' || typeof ready !== 'string') throw new Error('cannot read the routes of HealthController');
  return { live: `/${base}/${live}`, ready: `/${base}/${ready}` };
}
