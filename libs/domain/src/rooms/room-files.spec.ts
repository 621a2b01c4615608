import { ForbiddenError, NotFoundError, PayloadTooLargeError } from '@parley/contracts';
import { RoomAccess } from './room-access.js';
import { checkFileRead, decideFilePost, type PostFile, type RoomFileContext } from './room-files.decide.js';
import { createRoom, roomWorld, u } from './room.fixture.js';

const file: PostFile = { type: 'PostFile', fileId: 'f1', name: 'plan.pdf', size: 1_000, contentType: 'application/pdf', sha256: 'a'.repeat(64), caption: null };

describe('posting and reading files', () => {
  const world = roomWorld();
  const access = new RoomAccess(world.authz);
  const uploadsOff = new Set<string>();
  const ctx = (actorId: string): RoomFileContext => ({ actorId, access, fileUpload: (id) => !uploadsOff.has(id), maxFileBytes: 20_000 * 1024 });
  const open = world.room('ada', createRoom())!;
  const closed = world.room('ada', createRoom({ privacy: 'closed', members: [u('mia')] }))!;
  const secret = world.room('ada', createRoom({ privacy: 'secret', members: [u('mia')] }))!;
  const auditorium = world.room('ada', createRoom({ roomType: 'auditorium', presenters: [u('nina')] }))!;

  afterEach(() => uploadsOff.clear());

  it('lets whoever may post a message post a file, recording what was stored', () => {
    expect(decideFilePost(file, open, ctx('pete'))).toEqual([
      { type: 'FilePosted', data: { fileId: 'f1', name: 'plan.pdf', size: 1_000, contentType: 'application/pdf', sha256: 'a'.repeat(64), caption: null } },
    ]);
    expect(decideFilePost(file, auditorium, ctx('nina'))).toHaveLength(1);
  });

  it('refuses non-members, audiences of an auditorium, disabled rooms and categories with file upload off', () => {
    expect(() => decideFilePost(file, closed, ctx('pete'))).toThrow(new ForbiddenError('you may not post in room "General"'));
    expect(() => decideFilePost(file, auditorium, ctx('pete'))).toThrow(/only presenters post in the auditorium/);
    expect(() => decideFilePost(file, { ...open, disabled: true }, ctx('pete'))).toThrow(/is disabled/);
    uploadsOff.add('corp');
    expect(() => decideFilePost(file, open, ctx('pete'))).toThrow(/file upload is off/);
  });

  it('hides rooms the poster may not see, and refuses files above the server’s limit', () => {
    expect(() => decideFilePost(file, secret, ctx('pete'))).toThrow(NotFoundError);
    expect(() => decideFilePost(file, undefined, ctx('pete'))).toThrow(NotFoundError);
    expect(() => decideFilePost({ ...file, size: 20_000 * 1024 + 1 }, open, ctx('pete'))).toThrow(PayloadTooLargeError);
  });

  it('lets readers of the room read its files, even with file upload off', () => {
    uploadsOff.add('corp');
    expect(() => checkFileRead(open, ctx('pete'))).not.toThrow();
    expect(() => checkFileRead(closed, ctx('mia'))).not.toThrow();
    expect(() => checkFileRead(closed, ctx('pete'))).toThrow(ForbiddenError);
    expect(() => checkFileRead(secret, ctx('pete'))).toThrow(NotFoundError);
    expect(() => checkFileRead({ ...open, removed: true }, ctx('pete'))).toThrow(NotFoundError);
    expect(() => checkFileRead(open, ctx('outside'))).toThrow(NotFoundError);
  });
});
