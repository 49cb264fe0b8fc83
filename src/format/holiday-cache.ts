import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { xdgFolder } from '../shared/xdg.js';
import { requireFrom } from '../shared/builtins.js';

/**
 * What the date-holidays package answered about regions — whether a code names
 * one it knows, and a region's public holidays in a year — kept in afterview's
 * cache folder (`$XDG_CACHE_HOME/afterview/holidays.json`, as compiled MJML is).
 * Loading the package and its data costs a render about 120 ms, and a context
 * that names a region (as `init`'s examples do) would pay that on every run; the
 * answers depend only on the package's version, which the file records (another
 * version's answers are dropped). A file that cannot be read or written only
 * means asking the package again; one that does not look as written is ignored.
 */

interface Stored {
  version: string;
  /** Region code → why it is not one the package knows, or null when it is. */
  problems: Record<string, string | null>;
  /** `${region} ${year}` → that year's public holidays, as ISO dates. */
  holidays: Record<string, string[]>;
}

/** More than anyone's regions and years; past it the file starts again rather than grow. */
const MAX_ANSWERS = 500;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// The keys this module writes: a region code (as holidays.ts reads one), and a region code and a year.
const REGION_KEY = /^[A-Z]{2}(?:-[A-Z0-9]{1,4}){0,2}$/;
const YEAR_KEY = /^[A-Z]{2}(?:-[A-Z0-9]{1,4}){0,2} \d{4}$/;

let stored: { problems: Map<string, string | null>; holidays: Map<string, string[]> } | undefined;
// Found once: the answers are read under it and written with it.
let version: string | undefined;
let writeScheduled = false;

/**
 * date-holidays' version, from its package.json in the first node_modules folder up from this
 * file, where require finds it. Asking require goes through the package's exports, and loading
 * Node's resolver for those cost a cold render naming a region 2–5 ms; require is asked only when
 * no such folder has the package (another install layout).
 */
function packageVersion(): string {
  version ??= findPackageVersion();
  return version;
}

function findPackageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; ) {
    const file = join(dir, 'node_modules', 'date-holidays', 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return (requireFrom(import.meta.url)('date-holidays/package.json') as { version: string }).version;
}

const cacheFile = () => join(xdgFolder('cache'), 'holidays.json');

const noAnswers = () => ({ problems: new Map<string, string | null>(), holidays: new Map<string, string[]>() });

/** The answers in the file, when it holds this version's and looks as written throughout; none otherwise. */
function read(current: string): NonNullable<typeof stored> {
  let data: Partial<Stored>;
  try {
    data = JSON.parse(readFileSync(cacheFile(), 'utf8')) as Partial<Stored>;
  } catch {
    return noAnswers();
  }
  if (data === null || typeof data !== 'object' || data.version !== current) return noAnswers();
  const { problems, holidays } = data;
  if (!problems || typeof problems !== 'object' || !holidays || typeof holidays !== 'object') return noAnswers();
  const found = noAnswers();
  for (const [code, problem] of Object.entries(problems)) {
    if (!REGION_KEY.test(code) || (problem !== null && typeof problem !== 'string')) return noAnswers();
    found.problems.set(code, problem);
  }
  for (const [key, dates] of Object.entries(holidays)) {
    if (!YEAR_KEY.test(key) || !Array.isArray(dates) || !dates.every((date) => typeof date === 'string' && ISO_DATE.test(date))) {
      return noAnswers();
    }
    found.holidays.set(key, dates);
  }
  return found;
}

function answers(): NonNullable<typeof stored> {
  stored ??= read(packageVersion());
  return stored;
}

// The last write asked for: each waits for the one before, so that an earlier write, holding
// fewer answers, can never finish after a later one and leave the file without the newer answers.
let lastWrite: Promise<void> = Promise.resolve();

/** Writes the answers once the current work is done (one write for a batch of new answers); failures are ignored. */
function scheduleWrite(): void {
  if (writeScheduled) return;
  writeScheduled = true;
  queueMicrotask(() => {
    writeScheduled = false;
    lastWrite = lastWrite.then(writeAnswers);
  });
}

/** When every write asked for so far has finished (for tests, which read the file). */
export function holidayAnswersWritten(): Promise<void> {
  return lastWrite;
}

/** Writes the answers as they are when the write begins. */
async function writeAnswers(): Promise<void> {
  const { problems, holidays } = answers();
  if (problems.size + holidays.size > MAX_ANSWERS) {
    problems.clear();
    holidays.clear();
    return;
  }
  const content: Stored = { version: packageVersion(), problems: Object.fromEntries(problems), holidays: Object.fromEntries(holidays) };
  try {
    mkdirSync(xdgFolder('cache'), { recursive: true, mode: 0o700 });
    await writeFileAtomic(cacheFile(), `${JSON.stringify(content)}\n`);
  } catch {
    // Not writing only means asking the package again next time.
  }
}

/** Why `code` is not a region the package knows (undefined when it is), asking `find` only when the cache has no answer. */
export function cachedRegionProblem(code: string, find: (code: string) => string | undefined): string | undefined {
  const { problems } = answers();
  if (!problems.has(code)) {
    problems.set(code, find(code) ?? null);
    scheduleWrite();
  }
  return problems.get(code) ?? undefined;
}

/** A region's public holidays in a year, asking `find` only when the cache has no answer. */
export function cachedRegionHolidays(code: string, year: number, find: (code: string, year: number) => string[]): string[] {
  const { holidays } = answers();
  const key = `${code} ${year}`;
  let dates = holidays.get(key);
  if (!dates) {
    holidays.set(key, (dates = find(code, year)));
    scheduleWrite();
  }
  return dates;
}
