import type { Subjects } from '@parley/contracts';

/**
 * The subject on which one channel instance (and only it) answers `op`: commands forwarded to a
 * room's owner, drain requests. Instance ids are host names and the like; they are lower-cased and
 * anything outside letters, digits and '-' becomes '-'.
 */
export function instanceSubject(subjects: Subjects, instanceId: string, op: 'room-command' | 'drain'): string {
  const token = instanceId.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^[^a-z]/, 'i');
  return subjects.rpc(`instance.${token}.${op}`);
}
