/**
 * Ascending room seqs (messages, mentions), appended in order; counts what lies after a read
 * position by binary search, so an unread count costs O(log n) whatever the room's size.
 */
export class SeqList {
  private readonly seqs: number[] = [];

  add(seq: number): void {
    const last = this.seqs.at(-1);
    if (last !== undefined && seq <= last) return;
    this.seqs.push(seq);
  }

  /** How many seqs are greater than `after`. */
  countAfter(after: number): number {
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqs[mid]! <= after) lo = mid + 1;
      else hi = mid;
    }
    return this.seqs.length - lo;
  }

  get last(): number {
    return this.seqs.at(-1) ?? 0;
  }
}
