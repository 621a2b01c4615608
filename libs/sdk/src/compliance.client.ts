import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import {
  ComplianceStatusSchema,
  errorFromBody,
  ExportRunSchema,
  HoldViewSchema,
  JobSchema,
  PurgeResultSchema,
  RetentionPolicyViewSchema,
  UnavailableError,
  type ErrorBody,
  type ExportQuery,
  type Job,
  type PlaceHoldRequest,
  type RetentionScopeRef,
} from '@parley/contracts';
import { z } from 'zod';
import { answer, segment } from './answers.js';
import type { HttpClient, Query } from './http-client.js';
import { sessionHttp, type Session } from './session.js';

const holdView = answer(HoldViewSchema, 'a legal hold');
const policies = answer(z.array(RetentionPolicyViewSchema), 'the retention policies');
const job = answer(JobSchema, 'a compliance job');

/**
 * The compliance service's API (compliance officers): archive status, exports, legal holds,
 * retention, replay and verify. It lives on its own service, with the same sign-in session.
 */
export class ComplianceClient {
  readonly http: HttpClient;

  constructor(
    private readonly session: Session,
    /** The compliance service's base URL (http://127.0.0.1:8084 in the single-server topology). */
    readonly baseUrl: string,
    private readonly options: { timeoutMs?: number; fetch?: typeof fetch } = {},
  ) {
    this.http = sessionHttp(session, baseUrl, options);
  }

  async status() {
    return answer(ComplianceStatusSchema, 'GET /v1/compliance/status')(await this.http.get('/v1/compliance/status'));
  }

  /** Streams an export into `into`; resolves with the file name the server suggests. */
  async export(query: ExportQuery, into: Writable): Promise<string> {
    const url = new URL(`${this.http.baseUrl}/v1/compliance/export`);
    for (const [k, v] of Object.entries(query as Query)) if (v !== undefined) url.searchParams.set(k, String(v));
    let token = await this.session.accessToken();
    let response = await this.fetch(url, token);
    if (response.status === 401) {
      token = await this.session.accessTokenAfterRefusal(token);
      response = await this.fetch(url, token);
    }
    if (!response.ok || !response.body) {
      const body = (await response.json().catch(() => undefined)) as { error?: ErrorBody } | undefined;
      if (body?.error?.code) throw errorFromBody(body.error);
      throw new UnavailableError(`${this.http.baseUrl} answered ${response.status} ${response.statusText}`);
    }
    const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `parley-compliance.${query.format ?? 'xml'}`;
    await pipeline(Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]), into);
    return name;
  }

  /** Runs a scheduled export now, on the server; null when the archive held nothing new. */
  async runExport() {
    return answer(z.object({ run: ExportRunSchema.nullable() }), 'POST /v1/compliance/exports/run')(await this.http.post('/v1/compliance/exports/run')).run;
  }

  async holds(active?: boolean) {
    return answer(z.array(HoldViewSchema), 'GET /v1/compliance/holds')(await this.http.get('/v1/compliance/holds', { active }));
  }

  async placeHold(request: PlaceHoldRequest) {
    return holdView(await this.http.post('/v1/compliance/holds', request));
  }

  async releaseHold(id: string, note?: string) {
    return holdView(await this.http.post(`/v1/compliance/holds/${segment(id)}/release`, { note }));
  }

  async retention() {
    return policies(await this.http.get('/v1/compliance/retention'));
  }

  async setRetention(scope: RetentionScopeRef, days: number) {
    return policies(await this.http.put('/v1/compliance/retention', { scope, days }));
  }

  async clearRetention(scope: RetentionScopeRef) {
    return policies(await this.http.post('/v1/compliance/retention/clear', { scope }));
  }

  /** Purges what retention says is too old (except what legal holds keep), now. */
  async runRetention() {
    return answer(PurgeResultSchema, 'POST /v1/compliance/retention/run')(await this.http.post('/v1/compliance/retention/run'));
  }

  /** Starts a verify job: poll it with `job(id)`. */
  async verify(): Promise<Job> {
    return job(await this.http.post('/v1/compliance/verify'));
  }

  /** Starts a replay into a fresh database (a new SQLite file on the server by default). */
  async replay(into?: string): Promise<Job> {
    return job(await this.http.post('/v1/compliance/replay', { into }));
  }

  async job(id: string): Promise<Job> {
    return job(await this.http.get(`/v1/compliance/jobs/${segment(id)}`));
  }

  private async fetch(url: URL, token: string): Promise<Response> {
    try {
      return await (this.options.fetch ?? fetch)(url, { headers: { authorization: `Bearer ${token}` } });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new UnavailableError(`cannot reach ${this.http.baseUrl} (${cause})`, { cause: error });
    }
  }
}
