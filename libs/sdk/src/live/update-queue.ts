/**
 * Updates waiting for one consumer that reads them as an async iterator: nothing is dropped while
 * the consumer is busy, and the iterator ends when the queue ends, or throws when it fails.
 */
export class UpdateQueue<T> {
  private readonly items: T[] = [];
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;

  push(item: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  /** No more items: the iterator ends once it has read those waiting. */
  end(): void {
    this.finish(undefined);
  }

  /** The iterator throws `error` once it has read the items waiting. */
  fail(error: unknown): void {
    this.finish({ error });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.ended) return;
      const next = await new Promise<IteratorResult<T>>((resolve, reject) => (this.waiting = { resolve, reject }));
      if (next.done) return;
      yield next.value;
    }
  }

  private finish(failure: { error: unknown } | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = failure;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (failure) waiting?.reject(failure.error);
    else waiting?.resolve({ value: undefined, done: true });
  }
}
