import type { NatsConnection } from '@nats-io/transport-node';
import { KeyRing, KvKeyStore, TokenVerifier } from '@parley/auth';
import type { FileView } from '@parley/contracts';
import { DirectoryState } from '@parley/directory-state';
import { followErrorLevel, type EventLog } from '@parley/eventlog';
import { ProjectionAdmin, RpcClient, type Caller } from '@parley/nest-kit';
import { databaseConfig } from '@parley/projections';
import type { Logger } from '@parley/telemetry';
import { ChannelRooms } from './channel/channel-rooms.js';
import { DownloadService } from './download/download.service.js';
import { LinkSigner } from './download/link-signer.js';
import type { FilesConfig } from './files.config.js';
import { FileCatalog, type FileRecord } from './metadata/file-catalog.js';
import { ClamdScanner } from './scan/clamd.js';
import type { BlobStore } from './store/blob-store.js';
import { storeFromConfig } from './store/open-store.js';
import { OrphanSweeper } from './sweep/orphan-sweeper.js';
import { PendingUploads } from './sweep/pending-uploads.js';
import { UploadService } from './upload/upload.service.js';

/**
 * What the files service runs: who is who (followed from the log, for the size limit and names),
 * token verification, the file store, the catalogue of posted files, uploads and downloads
 * (authorised by the channel service, which owns rooms), signed links, and the orphan sweeper.
 */
export class FilesRuntime {
  private stopped = false;

  private constructor(
    readonly config: FilesConfig,
    readonly state: DirectoryState,
    private readonly verifier: TokenVerifier,
    readonly store: BlobStore,
    readonly catalog: FileCatalog,
    readonly uploads: UploadService,
    readonly downloads: DownloadService,
    readonly links: LinkSigner,
    private readonly sweeper: OrphanSweeper,
    private readonly projectionAdmin: ProjectionAdmin,
    private readonly logger: Logger,
  ) {}

  static async start(config: FilesConfig, nc: NatsConnection, log: EventLog, logger: Logger): Promise<FilesRuntime> {
    // Settings first: a bad store or scanner setting stops the service before it touches anything.
    const store = storeFromConfig(config);
    const scanner = config.clamdUrl ? ClamdScanner.fromUrl(config.clamdUrl) : undefined;
    const state = new DirectoryState(log);
    await state.start((error) => logger[followErrorLevel(error)]({ err: error }, 'following the log failed; retrying'));
    const ring = await KeyRing.open(await KvKeyStore.open(nc, { namespace: config.namespace }));
    const verifier = TokenVerifier.local(ring, { issuer: config.tokenIssuer, isRevoked: (claims) => !state.authz.isActive(claims.sub) });
    const catalog = await FileCatalog.open(databaseConfig(config.database ?? '', config.dataDir, 'files.sqlite'), log, (level, message, fields) => logger[level](fields, message));
    const pending = await PendingUploads.open(nc, config.namespace);
    const channel = new ChannelRooms(new RpcClient(nc, log.subjects, 'channel'));
    const uploads = new UploadService({
      channel,
      store,
      catalog,
      pending,
      scanner,
      maxFileSizeKb: () => state.view.settings.maxFileSizeKb,
      onCleanupError: (error) => logger.warn({ err: error }, 'cleaning up after a failed upload failed; the sweeper will finish it'),
    });
    const downloads = new DownloadService(catalog, channel, store, log);
    const links = await LinkSigner.open(nc, config.namespace, config.linkTtlS);
    const sweeper = new OrphanSweeper(pending, catalog, store, config.sweepGraceS * 1000, (error) => logger.warn({ err: error }, 'sweeping orphaned uploads failed; trying again later'));
    const projectionAdmin = await ProjectionAdmin.start({ nc, log, service: 'files', instanceId: config.instanceId, replicas: config.streamReplicas, logger, projections: [catalog.hosted] });
    const runtime = new FilesRuntime(config, state, verifier, store, catalog, uploads, downloads, links, sweeper, projectionAdmin, logger);
    void runtime.openStore();
    sweeper.start(Math.min(config.sweepGraceS * 1000, 10 * 60_000));
    return runtime;
  }

  async verify(token: string): Promise<Caller> {
    const claims = await this.verifier.verify(token);
    return { userId: claims.sub, name: claims.name, roles: claims.roles, sessionId: claims.sid };
  }

  /** A file as the API shows it. */
  view(file: FileRecord): FileView {
    const uploader = { id: file.uploaderId, name: this.state.view.users.get(file.uploaderId)?.username ?? file.uploaderId };
    const { fileId, roomId, seq, name, size, contentType, sha256, postedAt, caption } = file;
    return { id: fileId, roomId, seq, name, size, contentType, sha256, uploader, postedAt, caption };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.sweeper.stop();
    // A rebuild running here is abandoned before the catalogue's database closes.
    await this.projectionAdmin.stop();
    await this.catalog.stop();
    await this.state.stop();
  }

  /** Creates the bucket (or folder) if missing; while the store does not answer, uploads and downloads say so (503) and this retries. */
  private async openStore(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await this.store.open();
        if (attempt > 0) this.logger.info({ store: this.store.description }, 'the file store answers');
        return;
      } catch (error) {
        if (attempt === 0) this.logger.warn({ err: error, store: this.store.description }, 'the file store does not answer; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 250 * 2 ** Math.min(attempt, 6))).unref());
      }
    }
  }
}
