import { errorFromBody, FileLinkSchema, FileViewSchema, UnavailableError, type ErrorBody, type FileView } from '@parley/contracts';
import type { Session } from '@parley/sdk';

/** How far an upload has got, in bytes. */
export type UploadProgress = (sent: number, total: number) => void;

/**
 * Posts a file to a room through the files service (`POST /v1/rooms/{room}/files`, the bytes as
 * the body). XMLHttpRequest rather than fetch: only it reports upload progress in browsers. A
 * refused access token is renewed once, as the SDK's clients do.
 */
export async function uploadFile(session: Session, room: string, file: File, progress: UploadProgress, signal?: AbortSignal): Promise<FileView> {
  const query = new URLSearchParams({ name: file.name || 'file', size: String(file.size) });
  const url = `/v1/rooms/${encodeURIComponent(room)}/files?${query}`;
  const token = await session.accessToken();
  let answer = await send(url, token, file, progress, signal);
  if (answer.status === 401) answer = await send(url, await session.accessTokenAfterRefusal(token), file, progress, signal);
  return FileViewSchema.parse(parsed(answer));
}

/**
 * A same-origin URL that downloads the file without a token (a short-lived link the files
 * service signs for this user), so the browser streams it to disk rather than into memory.
 */
export async function downloadUrl(session: Session, fileId: string): Promise<string> {
  const link = FileLinkSchema.parse(await session.http.post(`/v1/files/${encodeURIComponent(fileId)}/link`, undefined));
  // The service names its own address; the browser must stay on the gateway's origin.
  const signed = new URL(link.url);
  return `${signed.pathname}${signed.search}`;
}

interface Answer {
  status: number;
  statusText: string;
  text: string;
}

function send(url: string, token: string, file: File, progress: UploadProgress, signal?: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => progress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => resolve({ status: xhr.status, statusText: xhr.statusText, text: xhr.responseText });
    xhr.onerror = () => reject(new UnavailableError('the upload was cut off'));
    xhr.onabort = () => reject(new UnavailableError('the upload was cancelled'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** The JSON of a success, or the coded error of a failure. */
function parsed(answer: Answer): unknown {
  let body: unknown;
  try {
    body = answer.text ? JSON.parse(answer.text) : undefined;
  } catch {
    body = undefined;
  }
  if (answer.status >= 200 && answer.status < 300) return body;
  const error = (body as { error?: ErrorBody } | undefined)?.error;
  if (error?.code) throw errorFromBody(error);
  throw new UnavailableError(`the files service answered ${answer.status} ${answer.statusText}`);
}
