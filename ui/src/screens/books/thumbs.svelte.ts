// Thumbnails of a book's pages, fetched one at a time in the background (the core makes and
// stores each on first request), with progress for the page list.
import { untrack } from 'svelte';
import type { Backend, PageInfo } from '../../lib/api';

export class Thumbs {
  /** Object URL per page id, for pages whose thumbnail is here. */
  urls = $state<Record<number, string>>({});
  done = $state(0);
  total = $state(0);
  running = $state(false);
  failed = $state(0);

  private loadedKey = new Map<number, string>();
  private queue: PageInfo[] = [];
  /** Key of the page whose thumbnail is being fetched. */
  private current: string | null = null;
  private disposed = false;

  constructor(private readonly backend: Backend) {}

  /** Queues the pages whose thumbnail is missing or out of date (turned since). */
  sync(pages: PageInfo[]): void {
    // Called from an effect: only `pages` is a dependency, never our own progress state.
    untrack(() => this.resync(pages));
  }

  private resync(pages: PageInfo[]): void {
    const ids = new Set(pages.map((p) => p.id));
    for (const id of Object.keys(this.urls).map(Number)) {
      if (!ids.has(id)) this.drop(id);
    }
    const inFlight = this.current;
    const todo = pages.filter((p) => this.loadedKey.get(p.id) !== key(p) && (inFlight === null || key(p) !== inFlight));
    this.queue = todo;
    this.total = pages.length;
    this.done = pages.length - todo.length - (inFlight !== null && ids.has(Number(inFlight.split(':')[0])) ? 1 : 0);
    this.failed = 0;
    if (!this.running && todo.length > 0) void this.work();
  }

  private drop(id: number): void {
    const url = this.urls[id];
    if (url) URL.revokeObjectURL(url);
    delete this.urls[id];
    this.loadedKey.delete(id);
  }

  private async work(): Promise<void> {
    this.running = true;
    try {
      while (!this.disposed && this.queue.length > 0) {
        const p = this.queue.shift() as PageInfo;
        this.current = key(p);
        try {
          const bytes = await this.backend.pageThumbnail(p.id);
          if (this.disposed) return;
          const old = this.urls[p.id];
          this.urls[p.id] = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'image/jpeg' }));
          if (old) URL.revokeObjectURL(old);
          this.loadedKey.set(p.id, key(p));
        } catch {
          this.failed += 1;
        }
        this.current = null;
        this.done += 1;
      }
    } finally {
      this.current = null;
      this.running = false;
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const url of Object.values(this.urls)) URL.revokeObjectURL(url);
  }
}

const key = (p: PageInfo) => `${p.id}:${p.rotation}`;
