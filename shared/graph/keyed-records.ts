/**
 * Records read page by page from a Graph collection that may change under the pager (users renamed,
 * numbers assigned while a migration runs): each key is kept once, at the position where it was first
 * read, with the copy read last - the newest data. Repeats are counted for the sync's warnings instead of
 * failing the read. Shared by the users read (nextLink/skiptoken pages, UPN shards) and the numbers read
 * ($skip pages, number-pages.ts).
 */
export class KeyedRecords<T> {
  /** The records by key, in first-read order (a Map keeps a key's insertion order). */
  private readonly byKey = new Map<string, T>();
  /**
   * When each record was read. Apart from the records: a 100,000-user read kept a small wrapper object
   * per record alive until the snapshot was saved, and the garbage collector traced every one of them.
   */
  private readonly readAt = new Map<string, number>();
  private clock = 0;
  /** Records returned again after they were first read (not counting repeats the caller asked for). */
  repeated = 0;

  /**
   * Takes one record. `at`: when it was read, for records gathered apart (shards) and merged later -
   * default: after everything taken so far. `expected`: the caller asked for this repeat (an overlap or a
   * re-read window), so it is not counted. True when the key is new.
   */
  take(key: string, value: T, options: { at?: number; expected?: boolean } = {}): boolean {
    const at = options.at ?? this.clock + 1;
    this.clock = Math.max(this.clock, at);
    const had = this.readAt.get(key);
    if (had === undefined) {
      this.byKey.set(key, value);
      this.readAt.set(key, at);
      return true;
    }
    if (!options.expected) this.repeated++;
    // The copy read later wins; the record keeps its first position.
    if (at >= had) {
      this.byKey.set(key, value);
      this.readAt.set(key, at);
    }
    return false;
  }

  /** Takes every record of `other` (a shard read apart), keeping when each was read; its own repeats count too. */
  takeAll(other: KeyedRecords<T>): void {
    this.repeated += other.repeated;
    for (const [key, value] of other.byKey) this.take(key, value, { at: other.readAt.get(key) });
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  get size(): number {
    return this.byKey.size;
  }

  values(): T[] {
    return [...this.byKey.values()];
  }
}
