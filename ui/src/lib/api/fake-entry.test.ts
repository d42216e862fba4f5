import { describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, DEMO_WORKSPACE_PATH, FakeBackend } from './fake';

describe('the fake backend’s entry_get', () => {
  it('reads the entry and its warnings once, and lists the pages it spans', async () => {
    const backend = new FakeBackend();
    await backend.login({ path: DEMO_WORKSPACE_PATH, username: 'canbo', password: DEMO_PASSWORD });
    const page = (await backend.pagesList(1))[0]!;
    const { entry } = await backend.entryCreate(1, [], page.id);
    const reads = vi.spyOn(backend.keying, 'entryGet');
    const got = await backend.entryGet(entry.id);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(got.entry.id).toBe(entry.id);
    expect(got.pages).toEqual([{ id: page.id, seq: page.seq }]);
  });
});
