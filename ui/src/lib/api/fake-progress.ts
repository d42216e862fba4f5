// Fake progress data for the browser and component tests: a synthetic country of 3,321 communes
// (34 provinces of 2025, 63 before) shaped like the January 2025 report, and a small commune.
// Nothing here is real data; the real figures come from crates/core/src/progress.
import type {
  BookProgress,
  FlagCounts,
  ImportOutcome,
  InventoryInput,
  InventoryRow,
  ProgressCell,
  ProgressCounts,
  ProgressDashboard,
  ProgressFlag,
  ProgressOverview,
  ProgressSeries,
  SeriesScope,
  StageCounts,
  TargetRow,
  UnitProgress,
} from './types-progress';
import { PERIOD_GROUPS, PROGRESS_BOOK_TYPES } from './types-progress';

const BOOK_TYPE_NAMES: Record<string, string> = {
  KS: 'Khai sinh', KT: 'Khai tử', KH: 'Kết hôn', HN: 'Xác nhận tình trạng hôn nhân', CMC: 'Nhận cha, mẹ, con',
  GH: 'Giám hộ', TDCC: 'Thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc', LH: 'Ghi chú ly hôn', NCN: 'Nuôi con nuôi',
};

export const PROVINCES_2025: [string, string][] = [
  ['01', 'Thành phố Hà Nội'], ['04', 'Tỉnh Cao Bằng'], ['08', 'Tỉnh Tuyên Quang'], ['11', 'Tỉnh Điện Biên'], ['12', 'Tỉnh Lai Châu'],
  ['14', 'Tỉnh Sơn La'], ['15', 'Tỉnh Lào Cai'], ['19', 'Tỉnh Thái Nguyên'], ['20', 'Tỉnh Lạng Sơn'], ['22', 'Tỉnh Quảng Ninh'],
  ['24', 'Tỉnh Bắc Ninh'], ['25', 'Tỉnh Phú Thọ'], ['31', 'Thành phố Hải Phòng'], ['33', 'Tỉnh Hưng Yên'], ['37', 'Tỉnh Ninh Bình'],
  ['38', 'Tỉnh Thanh Hóa'], ['40', 'Tỉnh Nghệ An'], ['42', 'Tỉnh Hà Tĩnh'], ['44', 'Tỉnh Quảng Trị'], ['46', 'Thành phố Huế'],
  ['48', 'Thành phố Đà Nẵng'], ['51', 'Tỉnh Quảng Ngãi'], ['52', 'Tỉnh Gia Lai'], ['56', 'Tỉnh Khánh Hòa'], ['66', 'Tỉnh Đắk Lắk'],
  ['68', 'Tỉnh Lâm Đồng'], ['75', 'Tỉnh Đồng Nai'], ['79', 'Thành phố Hồ Chí Minh'], ['80', 'Tỉnh Tây Ninh'], ['82', 'Tỉnh Đồng Tháp'],
  ['86', 'Tỉnh Vĩnh Long'], ['91', 'Tỉnh An Giang'], ['92', 'Thành phố Cần Thơ'], ['96', 'Tỉnh Cà Mau'],
];

/** The 63 provinces before 1/7/2025 and the 2025 province each went into. */
export const PROVINCES_PRE2025: [string, string, string][] = [
  ['01', 'Thành phố Hà Nội', '01'], ['02', 'Tỉnh Hà Giang', '08'], ['04', 'Tỉnh Cao Bằng', '04'], ['06', 'Tỉnh Bắc Kạn', '19'],
  ['08', 'Tỉnh Tuyên Quang', '08'], ['10', 'Tỉnh Lào Cai', '15'], ['11', 'Tỉnh Điện Biên', '11'], ['12', 'Tỉnh Lai Châu', '12'],
  ['14', 'Tỉnh Sơn La', '14'], ['15', 'Tỉnh Yên Bái', '15'], ['17', 'Tỉnh Hòa Bình', '25'], ['19', 'Tỉnh Thái Nguyên', '19'],
  ['20', 'Tỉnh Lạng Sơn', '20'], ['22', 'Tỉnh Quảng Ninh', '22'], ['24', 'Tỉnh Bắc Giang', '24'], ['25', 'Tỉnh Phú Thọ', '25'],
  ['26', 'Tỉnh Vĩnh Phúc', '25'], ['27', 'Tỉnh Bắc Ninh', '24'], ['30', 'Tỉnh Hải Dương', '31'], ['31', 'Thành phố Hải Phòng', '31'],
  ['33', 'Tỉnh Hưng Yên', '33'], ['34', 'Tỉnh Thái Bình', '33'], ['35', 'Tỉnh Hà Nam', '37'], ['36', 'Tỉnh Nam Định', '37'],
  ['37', 'Tỉnh Ninh Bình', '37'], ['38', 'Tỉnh Thanh Hóa', '38'], ['40', 'Tỉnh Nghệ An', '40'], ['42', 'Tỉnh Hà Tĩnh', '42'],
  ['44', 'Tỉnh Quảng Bình', '44'], ['45', 'Tỉnh Quảng Trị', '44'], ['46', 'Thành phố Huế', '46'], ['48', 'Thành phố Đà Nẵng', '48'],
  ['49', 'Tỉnh Quảng Nam', '48'], ['51', 'Tỉnh Quảng Ngãi', '51'], ['52', 'Tỉnh Bình Định', '52'], ['54', 'Tỉnh Phú Yên', '66'],
  ['56', 'Tỉnh Khánh Hòa', '56'], ['58', 'Tỉnh Ninh Thuận', '56'], ['60', 'Tỉnh Bình Thuận', '68'], ['62', 'Tỉnh Kon Tum', '51'],
  ['64', 'Tỉnh Gia Lai', '52'], ['66', 'Tỉnh Đắk Lắk', '66'], ['67', 'Tỉnh Đắk Nông', '68'], ['68', 'Tỉnh Lâm Đồng', '68'],
  ['70', 'Tỉnh Bình Phước', '75'], ['72', 'Tỉnh Tây Ninh', '80'], ['74', 'Tỉnh Bình Dương', '79'], ['75', 'Tỉnh Đồng Nai', '75'],
  ['77', 'Tỉnh Bà Rịa - Vũng Tàu', '79'], ['79', 'Thành phố Hồ Chí Minh', '79'], ['80', 'Tỉnh Long An', '80'], ['82', 'Tỉnh Tiền Giang', '82'],
  ['83', 'Tỉnh Bến Tre', '86'], ['84', 'Tỉnh Trà Vinh', '86'], ['86', 'Tỉnh Vĩnh Long', '86'], ['87', 'Tỉnh Đồng Tháp', '82'],
  ['89', 'Tỉnh An Giang', '91'], ['91', 'Tỉnh Kiên Giang', '91'], ['92', 'Thành phố Cần Thơ', '92'], ['93', 'Tỉnh Hậu Giang', '92'],
  ['94', 'Tỉnh Sóc Trăng', '92'], ['95', 'Tỉnh Bạc Liêu', '96'], ['96', 'Tỉnh Cà Mau', '96'],
];

const FINISHING = ['66', '83', '26', '27', '37', '44', '02', '36', '86'];
const LATE = ['45', '51', '49', '91'];

const NAMES = [
  'Tân Phong', 'Hòa Bình', 'An Phú', 'Phú Lương', 'Đông Thành', 'Quang Trung', 'Tân Lập', 'Hưng Đạo', 'Thanh Xuân', 'Bình Minh',
  'Yên Lạc', 'Đồng Tâm', 'Thống Nhất', 'Tiên Phong', 'Hồng Phong', 'Nghĩa Hưng', 'Phước Long', 'Long Hải', 'Mỹ Thạnh', 'Thuận An',
  'Vĩnh Hòa', 'Xuân Lộc', 'Cẩm Phả', 'Kim Sơn', 'Trường Xuân', 'Sơn Thủy', 'Hải Lăng', 'Điện Bàn', 'Ba Đình', 'Hoàn Kiếm',
  'Ngọc Hà', 'Bến Thành', 'Sài Gòn', 'Hải Châu', 'Hòa Vang', 'Phong Điền', 'Cát Bà', 'Ea Kar', 'Krông Pắc', 'Đắk Mil',
  'Lũng Cú', 'Mường Tè', 'Sìn Hồ', 'Na Hang', 'Văn Miếu - Quốc Tử Giám', 'Ô Chợ Dừa', 'Tam Kỳ', 'Hội An', 'Tuy Phước', 'Cao Lãnh',
];

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AS_OF = '2025-01-31';
const DEADLINE = '2025-01-01';

function stages(expected: number, keyedFrac: number, acceptedFrac: number): StageCounts {
  const keyed = Math.round(expected * keyedFrac);
  const accepted = Math.round(keyed * acceptedFrac);
  return {
    inventoried: expected,
    keyed,
    checked: Math.round(keyed * 0.985),
    submitted: Math.max(accepted, Math.round(keyed * 0.95)),
    accepted,
    exported: Math.round(accepted * 0.97),
    uploaded: Math.round(accepted * 0.95),
    approved: Math.round(accepted * 0.9),
  };
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function flagOf(expected: number, keyed: number, rate: number): { flag: ProgressFlag; forecast: string | null } {
  if (expected === 0) return { flag: 'no_data', forecast: null };
  const remaining = expected - keyed;
  const forecast = remaining <= 0 ? AS_OF : rate > 0 ? addDays(AS_OF, Math.ceil(remaining / rate)) : null;
  if (keyed >= 0.95 * expected) return { flag: 'done', forecast };
  if (forecast && forecast <= addDays(AS_OF, 60)) return { flag: 'finishing', forecast };
  return { flag: 'late', forecast };
}

function unit(
  level: UnitProgress['level'], scheme: string, code: string, name: string, province: [string, string] | null,
  books: StageCounts, entries: StageCounts, rateKeyed: number, units: number,
): UnitProgress {
  const { flag, forecast } = flagOf(entries.inventoried, entries.keyed, rateKeyed);
  const pct = (x: number) => (entries.inventoried ? Math.min(100, Math.round((x / entries.inventoried) * 1000) / 10) : 0);
  const late = flag === 'late' || flag === 'finishing' || flag === 'at_risk';
  return {
    scheme, level, code, name,
    provinceCode: province?.[0] ?? null,
    provinceName: province?.[1] ?? null,
    counts: {
      books, booksOpened: books.keyed, entries, draft: Math.round(entries.keyed * 0.002), returned: Math.round(entries.keyed * 0.001),
      rejected: Math.round(entries.keyed * 0.0005),
    },
    targetBooks: books.inventoried,
    targetRecords: entries.inventoried,
    outlook: {
      expected: entries.inventoried, basis: entries.inventoried ? 'target' : 'none', pctKeyed: pct(entries.keyed), pctAccepted: pct(entries.accepted),
      pctExported: pct(entries.exported), pctApproved: pct(entries.approved ?? 0), inventory: entries.inventoried, pctKeyedInventory: pct(entries.keyed), late,
      rateKeyed: Math.round(rateKeyed * 10) / 10, rateAccepted: Math.round(rateKeyed * 8) / 10,
      forecast, forecastAccepted: null, deadline: DEADLINE, asOf: AS_OF, flag,
    },
    source: level === 'commune' ? 'demo' : null,
    stale: true,
    units,
    lateChildren: [],
  };
}

function sum(a: StageCounts, b: StageCounts): StageCounts {
  return {
    inventoried: a.inventoried + b.inventoried, keyed: a.keyed + b.keyed, checked: a.checked + b.checked,
    submitted: a.submitted + b.submitted, accepted: a.accepted + b.accepted, exported: a.exported + b.exported,
    uploaded: (a.uploaded ?? 0) + (b.uploaded ?? 0), approved: (a.approved ?? 0) + (b.approved ?? 0),
  };
}
const ZERO: StageCounts = { inventoried: 0, keyed: 0, checked: 0, submitted: 0, accepted: 0, exported: 0, uploaded: 0, approved: 0 };

interface Acc { books: StageCounts; entries: StageCounts; rate: number; n: number }
const acc = (): Acc => ({ books: { ...ZERO }, entries: { ...ZERO }, rate: 0, n: 0 });

function countFlags(rows: UnitProgress[]): FlagCounts {
  const f: FlagCounts = {};
  for (const r of rows) f[r.outlook.flag] = (f[r.outlook.flag] ?? 0) + 1;
  return f;
}

/** A country of 3,321 communes shaped like the January 2025 report (50 done, 9 finishing, 4 late). */
export function fakeNationalDashboard(communeCount = 3321): ProgressDashboard {
  const r = rng(2025);
  const communes: UnitProgress[] = [];
  const p34 = new Map<string, Acc>();
  const p63 = new Map<string, Acc>();
  const nat = acc();
  // Old provinces of each 2025 province.
  const olds = new Map<string, [string, string, string][]>();
  for (const p of PROVINCES_PRE2025) olds.set(p[2], [...(olds.get(p[2]) ?? []), p]);
  for (let i = 0; i < communeCount; i++) {
    const [pc, pn] = PROVINCES_2025[i % PROVINCES_2025.length]!;
    const oldList = olds.get(pc) ?? [[pc, pn, pc]];
    const old = oldList[Math.floor(r() * oldList.length)]!;
    const situation = LATE.includes(old[0]) ? 'late' : FINISHING.includes(old[0]) ? 'finishing' : 'done';
    const expected = Math.round(30000 * Math.exp((r() + r() + r() - 1.5) * 0.6));
    const kf = situation === 'done' ? 0.955 + r() * 0.045 : situation === 'finishing' ? 0.78 + r() * 0.15 : 0.42 + r() * 0.36;
    const af = situation === 'done' ? 0.8 + r() * 0.13 : situation === 'finishing' ? 0.62 + r() * 0.18 : 0.38 + r() * 0.24;
    const entries = stages(expected, kf, af);
    const books = stages(Math.round(expected / 31), kf * 0.98, af);
    const days = situation === 'done' ? 200 : situation === 'finishing' ? 10 + r() * 25 : 90 + r() * 150;
    const rate = situation === 'done' ? r() * 5 : (expected - entries.keyed) / days;
    const prefix = r() < 0.2 ? 'Phường' : 'Xã';
    const code = String(100 + i * 29).padStart(5, '0');
    const name = `${prefix} ${NAMES[(i * 7) % NAMES.length]}${i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : ''}`;
    communes.push(unit('commune', 'qd19_2025', code, name, [pc, pn], books, entries, rate, 1));
    for (const [m, k] of [[p34, pc], [p63, old[0]]] as [Map<string, Acc>, string][]) {
      const a = m.get(k) ?? acc();
      a.books = sum(a.books, books);
      a.entries = sum(a.entries, entries);
      a.rate += rate;
      a.n += 1;
      m.set(k, a);
    }
    nat.books = sum(nat.books, books);
    nat.entries = sum(nat.entries, entries);
    nat.rate += rate;
    nat.n += 1;
  }
  const provinces2025 = PROVINCES_2025.map(([c, n]) => {
    const a = p34.get(c) ?? acc();
    return unit('province', 'qd19_2025', c, n, null, a.books, a.entries, a.rate, a.n);
  });
  const provincesPre2025 = PROVINCES_PRE2025.map(([c, n]) => {
    const a = p63.get(c) ?? acc();
    return unit('province', 'gso_pre2025', c, n, null, a.books, a.entries, a.rate, a.n);
  });
  const national = unit('country', '', 'VN', 'Toàn quốc', null, nat.books, nat.entries, nat.rate, nat.n);
  const lateOf = (rows: UnitProgress[], scheme: string, level: 'commune' | 'province') => ({
    scheme, level, late: rows.filter((u) => u.outlook.late).length, of: rows.filter((u) => u.outlook.flag !== 'no_data').length,
  });
  national.lateChildren = [lateOf(provinces2025, 'qd19_2025', 'province'), lateOf(provincesPre2025, 'gso_pre2025', 'province')];
  for (const p of provinces2025) p.lateChildren = [lateOf(communes.filter((c) => c.provinceCode === p.code), 'qd19_2025', 'commune')];
  return {
    generatedAt: `${AS_OF}T10:00:00.000Z`,
    asOf: AS_OF,
    national,
    communes,
    provinces2025,
    provincesPre2025,
    cells: fakeCells(nat.entries, nat.books),
    flags: { communes: countFlags(communes), provinces2025: countFlags(provinces2025), provincesPre2025: countFlags(provincesPre2025) },
    snapshots: 0,
    demoSnapshots: communes.length,
    hasOwnData: false,
  };
}

const TYPE_SHARE = [0.46, 0.19, 0.15, 0.09, 0.02, 0.01, 0.05, 0.015, 0.015];
const GROUP_SHARE = [0.16, 0.34, 0.19, 0.23, 0.08];

export function fakeCells(entries: StageCounts, books: StageCounts): ProgressCell[] {
  const out: ProgressCell[] = [];
  PROGRESS_BOOK_TYPES.forEach((t, ti) =>
    PERIOD_GROUPS.forEach((g, gi) => {
      const w = (TYPE_SHARE[ti] ?? 0) * (GROUP_SHARE[gi] ?? 0);
      const lag = gi >= 3 ? 0.93 : 1;
      const scale = (s: StageCounts, l: number): StageCounts => ({
        inventoried: Math.round(s.inventoried * w), keyed: Math.round(s.keyed * w * l), checked: Math.round(s.checked * w * l),
        submitted: Math.round(s.submitted * w * l), accepted: Math.round(s.accepted * w * l), exported: Math.round(s.exported * w * l),
        uploaded: Math.round((s.uploaded ?? 0) * w * l), approved: Math.round((s.approved ?? 0) * w * l),
      });
      const counts: ProgressCounts = { books: scale(books, lag), booksOpened: 0, entries: scale(entries, lag), draft: 0, returned: 0, rejected: 0 };
      out.push({ bookType: t, bookTypeName: BOOK_TYPE_NAMES[t] ?? t, periodGroup: g, counts });
    }),
  );
  return out;
}

/** A burn-up series (weekly) reaching `final` on the as-of day. */
export function fakeSeries(name: string, final: StageCounts, deadline: string | null, asOf = AS_OF, weeks = 110): ProgressSeries {
  const s: ProgressSeries = { name, days: [], keyed: [], checked: [], submitted: [], accepted: [], exported: [], expected: final.inventoried, targetRecords: final.inventoried, deadline };
  for (let w = weeks; w >= 0; w--) {
    const x = 1 - w / weeks;
    const f = (lag: number) => Math.max(0, Math.min(1, x - lag)) ** 1.6 / (1 - lag) ** 1.6;
    s.days.push(addDays(asOf, -7 * w));
    s.keyed.push(Math.round(final.keyed * f(0)));
    s.checked.push(Math.round(final.checked * f(0.02)));
    s.submitted.push(Math.round(final.submitted * f(0.04)));
    s.accepted.push(Math.round(final.accepted * f(0.08)));
    s.exported.push(Math.round(final.exported * f(0.12)));
  }
  return s;
}

export function fakeSeriesFor(d: ProgressDashboard, scope: SeriesScope): ProgressSeries {
  let u: UnitProgress | undefined = d.national;
  if (scope.level === 'province') {
    u = (scope.scheme === 'gso_pre2025' ? d.provincesPre2025 : d.provinces2025).find((p) => p.code === scope.code);
  } else if (scope.level === 'commune') {
    u = d.communes.find((c) => c.code === scope.code);
  }
  if (!u) return fakeSeries('—', ZERO, null);
  return fakeSeries(u.name, u.counts.entries, u.outlook.deadline);
}

// ---- the clerk's own commune ----

export const FAKE_BOOKS: BookProgress[] = [
  { id: 1, bookType: 'KS', quyenSo: '01/2016', registryName: 'UBND xã Tân Phong', periodGroup: '2016-2019', yearFrom: 2016, yearTo: 2017, finished: false, expected: 196, entries: { inventoried: 196, keyed: 144, checked: 141, submitted: 110, accepted: 70, exported: 0, uploaded: 0, approved: 0 }, draft: 4, returned: 3, rejected: 0 },
  { id: 2, bookType: 'KS', quyenSo: '01/2010', registryName: 'UBND xã Tân Phong', periodGroup: '2006-2015', yearFrom: 2010, yearTo: 2011, finished: false, expected: 238, entries: { inventoried: 238, keyed: 66, checked: 9, submitted: 0, accepted: 0, exported: 0, uploaded: 0, approved: 0 }, draft: 12, returned: 0, rejected: 0 },
  { id: 3, bookType: 'KT', quyenSo: '01/2012', registryName: 'UBND xã Tân Phong', periodGroup: '2006-2015', yearFrom: 2012, yearTo: 2014, finished: true, expected: 112, entries: { inventoried: 112, keyed: 112, checked: 110, submitted: 105, accepted: 95, exported: 35, uploaded: 31, approved: 28 }, draft: 0, returned: 0, rejected: 0 },
  { id: 4, bookType: 'KH', quyenSo: '01/2008', registryName: 'UBND xã Tân Phong', periodGroup: '2006-2015', yearFrom: 2008, yearTo: 2009, finished: false, expected: 90, entries: { inventoried: 90, keyed: 14, checked: 0, submitted: 0, accepted: 0, exported: 0, uploaded: 0, approved: 0 }, draft: 1, returned: 0, rejected: 0 },
  { id: 5, bookType: 'KS', quyenSo: '01/1997', registryName: 'UBND xã Tân Lập (cũ)', periodGroup: '1976-1998', yearFrom: 1996, yearTo: 1998, finished: false, expected: 180, entries: { inventoried: 180, keyed: 0, checked: 0, submitted: 0, accepted: 0, exported: 0, uploaded: 0, approved: 0 }, draft: 0, returned: 0, rejected: 0 },
];

export class FakeProgressStore {
  private inventory: InventoryRow[] = [
    { unitScheme: 'qd19_2025', unitCode: '04120', unitName: 'Xã Tân Phong', bookType: 'KS', periodGroup: '2016-2019', books: 4, expectedEntries: 800, source: 'manual', updatedAt: '2025-01-02T08:00:00.000Z', updatedBy: 'canbo' },
    { unitScheme: 'qd19_2025', unitCode: '04120', unitName: 'Xã Tân Phong', bookType: 'KS', periodGroup: '2006-2015', books: 10, expectedEntries: 2400, source: 'kiem-ke.xlsx', updatedAt: '2025-01-02T08:00:00.000Z', updatedBy: 'canbo' },
    { unitScheme: 'qd19_2025', unitCode: '04120', unitName: 'Xã Tân Phong', bookType: 'KS', periodGroup: '1976-1998', books: 8, expectedEntries: 1500, source: 'kiem-ke.xlsx', updatedAt: '2025-01-02T08:00:00.000Z', updatedBy: 'canbo' },
    { unitScheme: 'qd19_2025', unitCode: '04120', unitName: 'Xã Tân Phong', bookType: 'KT', periodGroup: '2006-2015', books: 3, expectedEntries: 330, source: 'kiem-ke.xlsx', updatedAt: '2025-01-02T08:00:00.000Z', updatedBy: 'canbo' },
    { unitScheme: 'qd19_2025', unitCode: '04120', unitName: 'Xã Tân Phong', bookType: 'KH', periodGroup: '2006-2015', books: 2, expectedEntries: 180, source: 'kiem-ke.xlsx', updatedAt: '2025-01-02T08:00:00.000Z', updatedBy: 'canbo' },
  ];
  targets: TargetRow[] = [];
  private national: ProgressDashboard | null = null;
  fingerprint: string | null = null;

  nationalDashboard(): ProgressDashboard {
    this.national ??= fakeNationalDashboard();
    return this.national;
  }

  overview(communeName: string, communeCode: string, otherCommunes: number): ProgressOverview {
    const entries = { ...ZERO };
    const books = { ...ZERO };
    for (const row of this.inventory) {
      entries.inventoried += row.expectedEntries;
      books.inventoried += row.books;
    }
    for (const b of FAKE_BOOKS) {
      entries.keyed += b.entries.keyed;
      entries.checked += b.entries.checked;
      entries.submitted += b.entries.submitted;
      entries.accepted += b.entries.accepted;
      entries.exported += b.entries.exported;
      entries.uploaded = (entries.uploaded ?? 0) + (b.entries.uploaded ?? 0);
      entries.approved = (entries.approved ?? 0) + (b.entries.approved ?? 0);
      if (b.finished) books.keyed += 1;
    }
    const commune = unit('commune', 'qd19_2025', communeCode, communeName, ['12', 'Tỉnh Lai Châu'], books, entries, 14.5, 1);
    commune.source = 'own';
    commune.stale = false;
    commune.outlook.deadline = '2025-06-30';
    commune.outlook.asOf = '2025-01-31';
    const remaining = entries.inventoried - entries.keyed;
    commune.outlook.forecast = addDays('2025-01-31', Math.ceil(remaining / 14.5));
    commune.outlook.flag = commune.outlook.forecast <= '2025-06-30' ? 'on_track' : 'at_risk';
    return {
      commune,
      cells: fakeCells(entries, books).map((c) => ({ ...c })),
      books: FAKE_BOOKS.map((b) => ({ ...b })),
      series: fakeSeries('Xã của tôi', entries, '2025-06-30', '2025-01-31', 20),
      inventory: this.inventory.map((r) => ({ ...r })),
      otherCommunes,
      keyFingerprint: this.fingerprint,
    };
  }

  inventoryList(): InventoryRow[] {
    return this.inventory.map((r) => ({ ...r }));
  }

  inventorySet(rows: InventoryInput[], user: string, code: string, name: string): ImportOutcome {
    const errors = rows.flatMap((r, i) =>
      !PROGRESS_BOOK_TYPES.includes(r.bookType as (typeof PROGRESS_BOOK_TYPES)[number])
        ? [{ line: i + 1, column: 'book_type', message: `loại sổ “${r.bookType}” không hợp lệ` }]
        : r.books === 0 && r.expectedEntries > 0
          ? [{ line: i + 1, column: 'books', message: 'có bản ghi dự kiến thì số sổ phải lớn hơn 0' }]
          : [],
    );
    if (errors.length) return { fileName: 'manual', rows: rows.length, imported: 0, errors };
    for (const r of rows) {
      const i = this.inventory.findIndex((x) => x.bookType === r.bookType && x.periodGroup === r.periodGroup);
      if (r.books === 0 && r.expectedEntries === 0) {
        if (i >= 0) this.inventory.splice(i, 1);
        continue;
      }
      const row: InventoryRow = {
        unitScheme: 'qd19_2025', unitCode: code, unitName: name, bookType: r.bookType, periodGroup: r.periodGroup,
        books: r.books, expectedEntries: r.expectedEntries, source: 'manual', updatedAt: new Date().toISOString(), updatedBy: user,
      };
      if (i >= 0) this.inventory[i] = row;
      else this.inventory.push(row);
    }
    return { fileName: 'manual', rows: rows.length, imported: rows.length, errors: [] };
  }
}
