/**
 * Which of `count` partitions an aggregate's events belong to: FNV-1a (32 bits) of its id. All
 * of one aggregate's events land in one partition, so its order holds. This function is part of
 * the stored state (checkpoints are per partition): changing it, or the count, needs a rebuild.
 */
export function partitionOf(aggregateId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < aggregateId.length; i++) {
    hash ^= aggregateId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/** The checkpoint keys of a projection: its name alone, or one per partition (`history/p0of4`). */
export function checkpointKeys(name: string, count: number): string[] {
  return count === 1 ? [name] : Array.from({ length: count }, (_, i) => `${name}/p${i}of${count}`);
}

/** True if `key` is a checkpoint key of projection `name`, whatever its partition count. */
export function isKeyOf(name: string, key: string): boolean {
  return key === name || (key.startsWith(`${name}/`) && /^p\d+of\d+$/.test(key.slice(name.length + 1)));
}
