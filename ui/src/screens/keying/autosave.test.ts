import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type EntryWithWarnings, type FieldValue, type SaveOutcome } from '../../lib/api';
import { EntrySaver, type SaveState } from './autosave';

const fv = (field: string, value: string, illegible = false): FieldValue => ({ field, value, illegible });

function created(id: number, fields: FieldValue[]): EntryWithWarnings {
  return {
    entry: { id, bookId: 1, bookType: 'KS', seq: 1, pageId: null, status: 'draft', version: 1, fields, updatedAt: '', updatedBy: 'canbo', title: null, editable: true },
    warnings: [],
    pages: [],
  };
}
const outcome: SaveOutcome = { changed: true, version: 2, status: 'draft', warnings: [], title: null, editable: true };

describe('EntrySaver (autosave of one entry)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(entryId: number | null, initial: FieldValue[] = []) {
    const calls: string[] = [];
    const states: SaveState['kind'][] = [];
    const backend = {
      create: vi.fn(async (fields: FieldValue[]) => {
        calls.push(`create ${fields.map((f) => `${f.field}=${f.value}`).join(',')}`);
        return created(77, fields);
      }),
      save: vi.fn(async (id: number, fields: FieldValue[]) => {
        calls.push(`save ${id} ${fields.map((f) => `${f.field}=${f.value}`).join(',')}`);
        return outcome;
      }),
    };
    const saver = new EntrySaver(
      entryId,
      backend,
      { onState: (s) => states.push(s.kind), onCreated: vi.fn(), onSaved: vi.fn() },
      () => initial,
      300,
    );
    return { saver, backend, calls, states };
  }

  it('writes a typed value after a 300 ms pause, the latest value per field only', async () => {
    const { saver, calls } = setup(5);
    saver.change(fv('nksHoTen', 'Ng'));
    saver.change(fv('nksHoTen', 'Nguyễn'));
    await vi.advanceTimersByTimeAsync(299);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(['save 5 nksHoTen=Nguyễn']);
  });

  it('writes at once when the clerk leaves the field', async () => {
    const { saver, calls, states } = setup(5);
    saver.change(fv('so', '12'), true);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['save 5 so=12']);
    expect(states).toEqual(['pending', 'saving', 'saved']);
  });

  it('creates a new entry with its predicted fields on the first change, then saves by id', async () => {
    const { saver, calls } = setup(null, [fv('so', '13'), fv('quyenSo', '01/1990'), fv('ghiChu', '')]);
    saver.change(fv('so', '14'), true);
    await saver.flush();
    expect(saver.entryId).toBe(77);
    saver.change(fv('nksHoTen', 'Lò Văn Pó'), true);
    await saver.flush();
    expect(calls).toEqual(['create quyenSo=01/1990,so=14', 'save 77 nksHoTen=Lò Văn Pó']);
  });

  it('sends changes typed during a save right after it, in order', async () => {
    const { saver, backend, calls } = setup(5);
    let release: () => void = () => undefined;
    backend.save.mockImplementationOnce(async (id, fields) => {
      calls.push(`save ${id} ${fields.map((f) => `${f.field}=${f.value}`).join(',')}`);
      await new Promise<void>((r) => (release = r));
      return outcome;
    });
    saver.change(fv('so', '1'), true);
    await vi.advanceTimersByTimeAsync(0);
    saver.change(fv('so', '12'), true);
    saver.change(fv('trangSo', '4'), true);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['save 5 so=1']);
    release();
    await saver.flush();
    expect(calls).toEqual(['save 5 so=1', 'save 5 so=12,trangSo=4']);
  });

  it('keeps a value the core could not write and tries again', async () => {
    const { saver, backend, calls, states } = setup(5);
    backend.save.mockRejectedValueOnce(new ApiError('internal', 'đĩa đầy'));
    saver.change(fv('so', '9'), true);
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)).toBe('error');
    expect(saver.dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(3000);
    expect(backend.save).toHaveBeenCalledTimes(2);
    expect(calls).toEqual(['save 5 so=9']); // the retry (the failed call wrote nothing)
    expect(states.at(-1)).toBe('saved');
    expect(saver.dirty).toBe(false);
  });

  it('does not retry what the core refuses (a frozen entry) and says so', async () => {
    const { saver, backend, states } = setup(5);
    backend.save.mockRejectedValueOnce(new ApiError('conflict', 'bản ghi đã gửi'));
    saver.change(fv('so', '9'), true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(backend.save).toHaveBeenCalledTimes(1);
    expect(states.at(-1)).toBe('error');
  });
});
