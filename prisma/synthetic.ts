// A deterministic synthetic portfolio for tests and benchmarks: programs, institutions shared
// across projects, sub-projects, funding lines and milestones, with Korean and English titles.
// Every row is marked origin = SYNTHETIC and every slug starts with "synthetic-"; none of it is
// ever mixed into the published portfolio (prisma/seed.ts).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Worker } from "node:worker_threads";
import pg from "pg";
import pgCopy from "pg-copy-streams";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import {
  INSTITUTION_TYPES, MILESTONE_KINDS, PROJECT_STATUSES, RESEARCH_STAGES, STRATEGIC_TECH_AREAS,
} from "@/lib/domain/enums";
import { rollUpFunding } from "@/lib/domain/funding-rollup";
import { normalizeInstitutionName, normalizeText, shortGrams, type SearchDocument } from "@/lib/search/normalize";
import { parsePartialDate } from "@/lib/format/partial-date";
import { storedQualityFlags } from "@/lib/quality/checks";
import type { InstitutionSpec, ProgramSpec, ProjectSpec } from "./seed-data/types";

/** mulberry32: small, fast, deterministic. */
export function createRng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return { next, int, pick };
}

const TECH = [
  ["고효율", "high-efficiency"], ["초저전력", "ultra-low-power"], ["인공지능 기반", "AI-based"], ["차세대", "next-generation"],
  ["고신뢰성", "high-reliability"], ["친환경", "eco-friendly"], ["초정밀", "ultra-precise"], ["대용량", "high-capacity"],
  ["자율형", "autonomous"], ["고내구성", "high-durability"], ["디지털트윈 기반", "digital-twin-based"], ["다중센서 융합", "multi-sensor fusion"],
] as const;
const OBJECT = [
  ["연료전지 스택", "fuel-cell stack"], ["전고체 배터리", "solid-state battery"], ["전력반도체", "power semiconductor"],
  ["자율주행 플랫폼", "autonomous driving platform"], ["협동로봇", "collaborative robot"], ["바이오 소재", "biomaterial"],
  ["디스플레이 패널", "display panel"], ["양자센서", "quantum sensor"], ["위성 통신 모듈", "satellite communication module"],
  ["소형모듈원자로 부품", "SMR component"], ["보안 칩", "security chip"], ["6G 안테나", "6G antenna"], ["철도차량 추진장치", "railway vehicle propulsion unit"],
  ["의료용 3D 프린터", "medical 3D printer"], ["선박 추진 시스템", "ship propulsion system"], ["스마트 팩토리 제어기", "smart factory controller"],
] as const;
const ACTION = [
  ["핵심기술 개발", "core technology development"], ["실증", "field demonstration"], ["상용화 기술 개발", "commercialisation technology"],
  ["국산화 개발", "localisation"], ["플랫폼 구축", "platform development"], ["성능 고도화", "performance enhancement"],
] as const;
const SYLLABLES = ["한", "빛", "솔", "미", "래", "테", "크", "진", "성", "우", "주", "다", "온", "누", "리", "새", "별", "가", "람", "하"] as const;
const LATIN = ["han", "bit", "sol", "mi", "rae", "te", "k", "jin", "seong", "u", "ju", "da", "on", "nu", "ri", "sae", "byeol", "ga", "ram", "ha"] as const;
const SUFFIX: Record<(typeof INSTITUTION_TYPES)[number], [string, string]> = {
  LARGE_COMPANY: ["홀딩스㈜", "Holdings"],
  MIDSIZE_COMPANY: ["산업㈜", "Industries"],
  SME: ["테크㈜", "Tech"],
  UNIVERSITY: ["대학교", "University"],
  GOVERNMENT_RESEARCH_INSTITUTE: ["기술연구원", "Institute of Technology"],
  HOSPITAL: ["병원", "Hospital"],
  PUBLIC_BODY: ["테크노파크", "Technopark"],
  OTHER: ["재단", "Foundation"],
};
const TYPE_WEIGHTS: (typeof INSTITUTION_TYPES)[number][] = [
  "SME", "SME", "SME", "SME", "MIDSIZE_COMPANY", "MIDSIZE_COMPANY", "LARGE_COMPANY", "UNIVERSITY", "UNIVERSITY",
  "GOVERNMENT_RESEARCH_INSTITUTE", "GOVERNMENT_RESEARCH_INSTITUTE", "HOSPITAL", "PUBLIC_BODY", "OTHER",
];

export const SYNTHETIC_INSTITUTION_COUNT = 3000;
export const SYNTHETIC_PROGRAM_COUNT = 24;

function makeSyntheticInstitution(n: number): InstitutionSpec {
  const rng = createRng(1_000_003 * (n + 1));
  const type = rng.pick(TYPE_WEIGHTS);
  const idx = [rng.int(0, 19), rng.int(0, 19), rng.int(0, 19)];
  const ko = idx.map((i) => SYLLABLES[i]).join("");
  const en = idx.map((i) => LATIN[i]).join("");
  const [suffixKo, suffixEn] = SUFFIX[type];
  // The number keeps names unique; "(합성)" marks the row as synthetic wherever it appears.
  return { nameKo: `(합성) ${ko}${n}${suffixKo}`, nameEn: `(Synthetic) ${en[0]?.toUpperCase()}${en.slice(1)} ${n} ${suffixEn}`, type };
}

// The generator draws institutions and programmes again and again (a project picks several of the
// 3,000 institutions): each is made, and its normalised name computed, once per process.
const institutionCache: { spec: InstitutionSpec; key: string }[] = [];
function cachedInstitution(n: number): { spec: InstitutionSpec; key: string } {
  let entry = institutionCache[n];
  if (!entry) {
    const spec = Object.freeze(makeSyntheticInstitution(n));
    entry = { spec, key: normalizeInstitutionName(spec.nameKo) };
    institutionCache[n] = entry;
  }
  return entry;
}

export function syntheticInstitution(n: number): InstitutionSpec {
  return cachedInstitution(n).spec;
}

const programCache: ProgramSpec[] = [];
export function syntheticProgram(n: number): ProgramSpec {
  return (programCache[n] ??= Object.freeze(makeSyntheticProgram(n)));
}

function makeSyntheticProgram(n: number): ProgramSpec {
  const [areaKo, areaEn] = OBJECT[n % OBJECT.length] ?? OBJECT[0];
  return {
    code: `synthetic-program-${n}`,
    nameKo: `(합성) ${areaKo} 산업기술혁신사업 ${n}`,
    nameEn: `(Synthetic) ${areaEn} industrial technology programme ${n}`,
    ministryKo: "산업통상자원부",
    ministryEn: "Ministry of Trade, Industry and Energy",
    agencyKo: "한국산업기술기획평가원",
    agencyEn: "KEIT",
    kind: n % 6 === 0 ? "ALCHEMIST" : "INDUSTRIAL_TECHNOLOGY",
  };
}

const EOK = 100_000_000n;
const MAN = 10_000n;

/** One synthetic project; the same n always gives the same project. */
export function syntheticProjectSpec(n: number, overrides: Partial<ProjectSpec> = {}): ProjectSpec {
  const rng = createRng(n + 17);
  const [techKo, techEn] = rng.pick(TECH);
  const [objKo, objEn] = rng.pick(OBJECT);
  const [actKo, actEn] = rng.pick(ACTION);
  const startYear = rng.int(2015, 2026);
  const startMonth = rng.int(1, 12);
  const months = rng.int(12, 72);
  const endIndex = startYear * 12 + (startMonth - 1) + months - 1;
  const endYear = Math.floor(endIndex / 12);
  const endMonth = (endIndex % 12) + 1;
  const pad = (m: number) => String(m).padStart(2, "0");
  const status = startYear > 2025 ? "PLANNED" : endYear < 2025 ? (rng.next() < 0.04 ? "TERMINATED" : "COMPLETED") : rng.next() < 0.03 ? "SUSPENDED" : "ACTIVE";
  // Skewed towards a few large institutions, as real consortia are.
  const institution = () => cachedInstitution(Math.floor(SYNTHETIC_INSTITUTION_COUNT * rng.next() ** 2));
  const memberCount = rng.int(1, 6);
  const members = new Map<string, InstitutionSpec>();
  while (members.size < memberCount + 1) {
    const i = institution();
    members.set(i.key, i.spec);
  }
  const [lead, ...others] = [...members.values()] as [InstitutionSpec, ...InstitutionSpec[]];
  const subCount = rng.next() < 0.3 ? rng.int(2, 4) : 0;
  const years = Array.from({ length: endYear - startYear + 1 }, (_, k) => startYear + k);
  const perYear = () => BigInt(rng.int(2, 60)) * EOK / 10n + BigInt(rng.int(0, 9999)) * MAN;
  const funding: NonNullable<ProjectSpec["funding"]> = [];
  if (rng.next() < 0.15) {
    funding.push({ governmentWon: BigInt(rng.int(5, 300)) * EOK, noteKo: "총액만 공개", noteEn: "Total only" });
  } else if (subCount > 0) {
    for (let s = 1; s <= subCount; s++) {
      for (const fiscalYear of years) funding.push({ subProjectSeq: s, fiscalYear, governmentWon: perYear(), privateCashWon: perYear() / 4n, privateInKindWon: perYear() / 5n });
    }
  } else {
    for (const fiscalYear of years) funding.push({ fiscalYear, governmentWon: perYear(), privateCashWon: perYear() / 4n, privateInKindWon: rng.next() < 0.2 ? undefined : perYear() / 5n });
  }
  const milestoneCount = rng.int(2, 8);
  const milestones: NonNullable<ProjectSpec["milestones"]> = Array.from({ length: milestoneCount }, (_, k) => {
    const dueIndex = startYear * 12 + (startMonth - 1) + Math.floor(((k + 1) * months) / (milestoneCount + 1));
    const dueYear = Math.floor(dueIndex / 12);
    const due = `${dueYear}-${pad((dueIndex % 12) + 1)}`;
    const isPast = dueYear < 2025 || (dueYear === 2025 && dueIndex % 12 < 10);
    const statusRoll = rng.next();
    const mStatus = isPast ? (statusRoll < 0.75 ? "ACHIEVED" : statusRoll < 0.85 ? "MISSED" : statusRoll < 0.92 ? "DEFERRED" : "IN_PROGRESS") : statusRoll < 0.3 ? "IN_PROGRESS" : "PLANNED";
    const target = rng.int(10, 1000);
    const hasMetric = rng.next() < 0.5;
    return {
      titleKo: `${objKo} ${["시제품 제작", "성능 시험", "인증 획득", "단계평가", "시범 적용", "기술이전"][k % 6]} ${k + 1}차`,
      titleEn: `${objEn} ${["prototype", "performance test", "certification", "stage evaluation", "pilot deployment", "technology transfer"][k % 6]} ${k + 1}`,
      kind: MILESTONE_KINDS[k % 6] ?? "OTHER",
      status: mStatus,
      due,
      targetValue: hasMetric ? String(target) : undefined,
      actualValue: hasMetric && mStatus === "ACHIEVED" ? String(Math.round(target * (0.8 + rng.next() * 0.6))) : undefined,
      unitKo: hasMetric ? "건" : undefined,
      unitEn: hasMetric ? "units" : undefined,
      achieved: mStatus === "ACHIEVED" ? due : undefined,
    };
  });
  const programN = rng.next() < 0.9 ? rng.int(0, SYNTHETIC_PROGRAM_COUNT - 1) : null;
  return {
    slug: `synthetic-${n}`,
    titleKo: `${techKo} ${objKo} ${actKo}`,
    titleEn: `${techEn[0]?.toUpperCase()}${techEn.slice(1)} ${objEn} ${actEn}`,
    summaryKo: `합성 데이터: ${objKo} 분야 시험용 과제`,
    summaryEn: `Synthetic data: a test project in ${objEn}`,
    productKo: rng.next() < 0.5 ? `${objKo} ${rng.int(1, 9)}세대` : undefined,
    productEn: undefined,
    program: programN === null ? undefined : syntheticProgram(programN),
    area: rng.pick(STRATEGIC_TECH_AREAS),
    researchStage: rng.pick(RESEARCH_STAGES),
    periodStart: `${startYear}-${pad(startMonth)}`,
    periodEnd: `${endYear}-${pad(endMonth)}`,
    publishedDurationMonths: rng.next() < 0.97 ? months : months - 1,
    status: PROJECT_STATUSES.includes(status) ? status : "ACTIVE",
    publication: rng.next() < 0.92 ? "PUBLISHED" : "DRAFT",
    origin: "SYNTHETIC",
    identifiers: [{ scheme: "NTIS", value: `S${String(1_400_000_000 + n)}` }],
    subProjects: Array.from({ length: subCount }, (_, k) => ({
      seq: k + 1, titleKo: `${objKo} 세부과제 ${k + 1}`, titleEn: `${objEn} sub-project ${k + 1}`, lead: k === 0 ? lead : others[k - 1] ?? lead,
    })),
    participations: [
      { institution: lead, role: "LEAD" },
      ...others.map((institution, k) => ({ institution, role: (k % 4 === 3 ? "CONSIGNED" : "JOINT") as "CONSIGNED" | "JOINT" })),
    ],
    people: [{ nameKo: `연구자${n}`, nameEn: `Researcher ${n}`, role: "PRINCIPAL_INVESTIGATOR", institution: lead }],
    funding,
    milestones,
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// The bulk loader (issue 10): 100,000 projects in well under two minutes, 1,000,000 on one machine.
// Rows are made in JavaScript by the same functions the app uses for derived fields (funding
// roll-ups, search documents, quality flags) and streamed with COPY, one batch of projects after
// another, all in one transaction. See docs/decisions/0024-synthetic-bulk-loader.md.

/** A bounded memo: titles, institutions and programmes repeat across projects; identifiers do not. */
function memo<T>(fn: (key: string) => T, limit = 50_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = fn(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, value);
    }
    return value;
  };
}
const normalizedPart = memo(normalizeText);
const wordGrams = memo((word: string) => shortGrams(word));

/**
 * buildProjectSearchDocument with memoised parts. Equal by construction: normalizeText never lets
 * a word cross the space between two parts, so the normalised whole is the normalised parts joined
 * by spaces, and the grams of a text are the union of the grams of its words (checked against
 * buildProjectSearchDocument in prisma/synthetic.test.ts).
 */
export function syntheticSearchDocument(s: ProjectSpec): SearchDocument {
  const parts = [
    s.titleKo, s.titleEn, s.productKo, s.productEn, s.program?.nameKo, s.program?.nameEn,
    ...(s.identifiers ?? []).map((i) => i.value),
    ...s.participations.flatMap((p) => [p.institution.nameKo, p.institution.nameEn]),
    ...(s.people ?? []).flatMap((p) => [p.nameKo, p.nameEn]),
  ];
  const texts: string[] = [];
  for (const part of parts) {
    if (!part) continue;
    const text = normalizedPart(part);
    if (text) texts.push(text);
  }
  const searchText = texts.join(" ");
  const grams = new Set<string>();
  for (const word of searchText.split(" ")) for (const gram of wordGrams(word)) grams.add(gram);
  return { searchText, searchGrams: [...grams].sort() };
}

export type LoadProgress = (done: number, total: number) => void;
export type LoadOptions = {
  onProgress?: LoadProgress;
  /** Log lines (index drops and rebuilds, the trigger mode, timings). */
  log?: (line: string) => void;
  /**
   * Drop the secondary indexes of the tables being filled and build them again at the end, in the
   * same transaction (so a failed load leaves them as they were). Only for a database that holds
   * nothing but synthetic data and the seed (the benchmark's, `npm run seed:synthetic`'s); it
   * locks those tables for the whole load. Ignored below 20,000 new projects.
   */
  deferIndexes?: boolean;
  /** Projects per COPY batch. */
  batchSize?: number;
  /**
   * Make the rows in a worker thread (default: for 20,000 new projects or more). The worker loads
   * prisma/synthetic-worker.ts, so the process must run TypeScript through tsx (`node --import tsx`).
   */
  worker?: boolean;
  /** "Today" for the grant records (which years are paid, spent and settled). */
  today?: Date;
};

const LOADED_TABLES = [
  "project", "project_identifier", "sub_project", "participation", "person", "project_person",
  "funding_line", "milestone", "agreement", "payment", "spending", "settlement", "publication_change",
] as const;

/**
 * The INSERT triggers of the loaded tables that the loader reproduces itself when it runs with
 * session_replication_role = replica (which also skips foreign-key checks, as pg_restore does):
 * the publication-change feed rows of the new projects and the payment-within-award check, run
 * set-based at the end. The feed rows themselves are inserted with triggers on, so whatever
 * listens to the feed (publication_change's own triggers) runs as usual. Any other INSERT trigger
 * on a loaded table (a later migration's) makes the loader keep triggers on. The loader only
 * inserts, so UPDATE, DELETE and TRUNCATE triggers do not concern it.
 */
const REPRODUCED_TRIGGERS = new Set([
  ...["project", "project_identifier", "sub_project", "participation", "project_person", "funding_line", "milestone"].map((t) => `${t}.publication_change_${t}_insert`),
  "payment.payment_within_award",
  // The grant dashboard's roll-up (grant_rollup), rebuilt set-based at the end.
  ...["agreement", "funding_line", "payment", "spending"].map((t) => `${t}.grant_rollup_${t}_insert`),
]);
/** pg_trigger.tgtype: the trigger fires on INSERT. */
const TRIGGER_TYPE_INSERT = 1 << 2;

const COPY_NULL = "\\N";
/** A value in COPY's text format. */
function copyValue(value: string | number | bigint | boolean | null | undefined): string {
  if (value === null || value === undefined) return COPY_NULL;
  if (typeof value !== "string") return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r")) : value;
}
/** A text[] (or enum[]) literal, every element quoted. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const monthStart = (s: string) => `${s}-01`;

/** Rows of one table in COPY text format, built up line by line. */
class CopyRows {
  private chunks: string[] = [];
  count = 0;
  constructor(readonly table: string, readonly columns: readonly string[]) {}
  add(...values: (string | number | bigint | boolean | null | undefined)[]): void {
    this.chunks.push(values.map(copyValue).join("\t") + "\n");
    this.count++;
  }
  text(): string {
    return this.chunks.join("");
  }
}

/** Ids for new rows from the table's own sequence (so the app's later inserts never collide). */
async function reserveIds(client: pg.Client, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  // The values are consecutive unless another session draws from the sequence at the same time:
  // then the full list is fetched.
  const { rows: [range] } = await client.query<{ first: number; last: number; ids: string | null }>(
    `SELECT min(id)::int AS first, max(id)::int AS last, CASE WHEN max(id) - min(id) + 1 <> $2::int THEN string_agg(id::text, ',' ORDER BY id) END AS ids
       FROM (SELECT nextval(pg_get_serial_sequence($1, 'id')) AS id FROM generate_series(1, $2::int)) s`,
    [table, count],
  );
  if (!range) throw new Error(`no ids for ${table}`);
  if (range.ids !== null) return range.ids.split(",").map(Number);
  return Array.from({ length: count }, (_, k) => range.first + k);
}

type CostCategoryRow = { id: number; code: string; validFrom: string | null; validTo: string | null };
/** Spending shares per cost category in force in a year (percent of the year's spending). */
const SPENDING_SHARES: [string, bigint][] = [["PERSONNEL", 45n], ["MATERIALS", 25n], ["EQUIPMENT_MATERIALS", 25n], ["ACTIVITY", 20n], ["INDIRECT", 10n]];

type LoadContext = {
  client: pg.Client;
  lookups: BatchLookups;
  /** Triggers off (session_replication_role = replica): the loader writes the feed rows itself. */
  replica: boolean;
  /** Runs database work one piece at a time on the loader's one connection (its one transaction). */
  serial: <T>(work: () => Promise<T>) => Promise<T>;
};

type Batch = { end: number; rows: BatchRows; projectIds: number[] };
type BatchSource = { next(): Promise<Batch | null>; close(): Promise<void> };

/** Batches made on this thread: for small loads and where no worker thread can load TypeScript (tests). */
function inProcessBatches(ctx: LoadContext, start: number, end: number, batchSize: number): BatchSource {
  const lookup = lookupOf(ctx.lookups);
  let next = start;
  return {
    async next() {
      if (next >= end) return null;
      const batchEnd = Math.min(next + batchSize, end);
      const prepared = prepareBatch(next, batchEnd);
      next = batchEnd;
      const ids = await ctx.serial(() => reserveBatchIds(ctx.client, prepared.counts));
      return { end: batchEnd, rows: formatBatch(prepared, ids, lookup), projectIds: ids.project };
    },
    async close() {},
  };
}

/**
 * Batches made by a worker thread (prisma/synthetic-worker.ts), so that making the rows of the
 * next batch (JavaScript) overlaps with PostgreSQL taking in this one: both cores work.
 */
function workerBatches(ctx: LoadContext, start: number, end: number, batchSize: number): BatchSource {
  const worker = new Worker(new URL("./synthetic-worker.mjs", import.meta.url), { workerData: { start, end, batchSize, lookups: ctx.lookups } });
  const ready: Batch[] = [];
  let waiting: { resolve: (b: Batch | null) => void; reject: (e: unknown) => void } | null = null;
  let failure: unknown = null;
  let done = false;
  const settle = () => {
    if (!waiting) return;
    const w = waiting;
    if (ready.length > 0) { waiting = null; w.resolve(ready.shift() as Batch); } else if (failure) { waiting = null; w.reject(failure); } else if (done) { waiting = null; w.resolve(null); }
  };
  worker.on("message", (m: { type: "counts"; counts: BatchCounts } | ({ type: "rows" } & Batch) | { type: "done" }) => {
    if (m.type === "counts") {
      ctx.serial(() => reserveBatchIds(ctx.client, m.counts)).then((ids) => worker.postMessage(ids), (e: unknown) => { failure = e; settle(); });
    } else if (m.type === "rows") {
      ready.push({ end: m.end, rows: m.rows, projectIds: m.projectIds });
    } else {
      done = true;
    }
    settle();
  });
  worker.on("error", (e) => { failure = e; settle(); });
  worker.on("exit", (code) => { if (!done && !failure) failure = new Error(`the synthetic worker stopped (exit ${code})`); settle(); });
  return {
    next: () => new Promise<Batch | null>((resolve, reject) => { waiting = { resolve, reject }; settle(); }),
    async close() { await worker.terminate(); },
  };
}

/**
 * Loads synthetic projects until the database holds `projects` of them (existing ones are kept,
 * so a run can extend an earlier one). Also called with a PrismaClient by tests: it then loads
 * into DATABASE_URL, the database that client serves.
 */
export async function loadSyntheticPortfolio(
  database: string | PrismaClient, projects: number, options: LoadOptions | LoadProgress = {},
): Promise<{ loaded: number; seconds: number }> {
  const opts: LoadOptions = typeof options === "function" ? { onProgress: options } : options;
  const url = typeof database === "string" ? database : process.env.DATABASE_URL;
  if (!url) throw new Error("loadSyntheticPortfolio: no database URL (pass one, or set DATABASE_URL)");
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    // One loader at a time per database: a second waits here, then sees the first one's projects.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('keit.synthetic-load'))");
    const { rows: [existingRow] } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM project WHERE origin = 'SYNTHETIC'");
    const existing = existingRow?.n ?? 0;
    if (existing >= projects) {
      await client.query("COMMIT");
      return { loaded: 0, seconds: 0 };
    }
    const ctx = await prepare(client, opts, log);
    const big = projects - existing >= 20_000;
    const deferred = opts.deferIndexes && big ? await dropSecondaryIndexes(client, log) : [];
    const batchSize = opts.batchSize ?? 5_000;
    const source = (opts.worker ?? big) ? workerBatches(ctx, existing, projects, batchSize) : inProcessBatches(ctx, existing, projects, batchSize);
    try {
      for (let batch = await source.next(); batch; batch = await source.next()) {
        const { rows, projectIds, end } = batch;
        await ctx.serial(() => copyBatch(ctx, rows, projectIds));
        opts.onProgress?.(end, projects);
      }
    } finally {
      await source.close();
    }
    if (ctx.replica) {
      await client.query("SET LOCAL session_replication_role = origin");
      await checkPaymentsWithinAward(client);
      await client.query("SELECT grant_rollup_rebuild()");
    }
    if (deferred.length > 0) {
      const t = performance.now();
      await client.query("SET LOCAL maintenance_work_mem = '512MB'");
      for (const definition of deferred) {
        const ti = performance.now();
        await client.query(definition);
        const seconds = (performance.now() - ti) / 1000;
        if (seconds >= 2) log(`  ${/INDEX (\S+)/.exec(definition)?.[1]}: ${seconds.toFixed(1)} s`);
      }
      log(`Rebuilt ${deferred.length} indexes in ${((performance.now() - t) / 1000).toFixed(1)} s.`);
    }
    await client.query("COMMIT");
    const t = performance.now();
    // Visibility map and planner statistics for the new rows (index-only scans, good plans).
    await client.query(`VACUUM (ANALYZE) ${LOADED_TABLES.join(", ")}`);
    log(`VACUUM ANALYZE in ${((performance.now() - t) / 1000).toFixed(1)} s.`);
    return { loaded: projects - existing, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

async function prepare(client: pg.Client, opts: LoadOptions, log: (line: string) => void): Promise<LoadContext> {
  const loadedAt = new Date().toISOString();
  const programParams = Array.from({ length: SYNTHETIC_PROGRAM_COUNT }, (_, n) => syntheticProgram(n));
  await client.query(
    `INSERT INTO program (code, name_ko, name_en, ministry_ko, ministry_en, agency_ko, agency_en, kind, origin, updated_at)
     SELECT x.code, x.name_ko, x.name_en, x.ministry_ko, x.ministry_en, x.agency_ko, x.agency_en, x.kind::"ProgramKind", 'SYNTHETIC', now()
       FROM jsonb_to_recordset($1::jsonb) AS x(code text, name_ko text, name_en text, ministry_ko text, ministry_en text, agency_ko text, agency_en text, kind text)
     ON CONFLICT (code) DO NOTHING`,
    [JSON.stringify(programParams.map((p) => ({
      code: p.code, name_ko: p.nameKo, name_en: p.nameEn, ministry_ko: p.ministryKo, ministry_en: p.ministryEn, agency_ko: p.agencyKo, agency_en: p.agencyEn, kind: p.kind,
    })))],
  );
  const programIds = new Map<string, number>();
  for (const row of (await client.query<{ id: number; code: string }>("SELECT id, code FROM program WHERE code = ANY($1)", [programParams.map((p) => p.code)])).rows) {
    programIds.set(row.code, row.id);
  }
  const institutions = Array.from({ length: SYNTHETIC_INSTITUTION_COUNT }, (_, n) => cachedInstitution(n));
  await client.query(
    `INSERT INTO institution (name_ko, name_en, normalized_name, type, origin, updated_at)
     SELECT x.name_ko, x.name_en, x.normalized_name, x.type::"InstitutionType", 'SYNTHETIC', now()
       FROM jsonb_to_recordset($1::jsonb) AS x(name_ko text, name_en text, normalized_name text, type text)
     ON CONFLICT (normalized_name) DO NOTHING`,
    [JSON.stringify(institutions.map((i) => ({ name_ko: i.spec.nameKo, name_en: i.spec.nameEn, normalized_name: i.key, type: i.spec.type })))],
  );
  const institutionIds = new Map<string, number>();
  for (const row of (await client.query<{ id: number; normalized_name: string }>("SELECT id, normalized_name FROM institution WHERE normalized_name = ANY($1)", [institutions.map((i) => i.key)])).rows) {
    institutionIds.set(row.normalized_name, row.id);
  }
  const costCategories = (await client.query<CostCategoryRow>(
    `SELECT id, code, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo" FROM cost_category`,
  )).rows;
  const replica = await canSkipTriggers(client, log);
  if (replica) await client.query("SET LOCAL session_replication_role = replica");
  const year = (opts.today ?? new Date()).getUTCFullYear();
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = chain.then(work);
    chain = result.catch(() => {});
    return result;
  };
  return { client, lookups: { programIds: [...programIds], institutionIds: [...institutionIds], costCategories, loadedAt, year }, replica, serial };
}

/** Triggers may be skipped only by a superuser, and only when the loader reproduces every one of them. */
async function canSkipTriggers(client: pg.Client, log: (line: string) => void): Promise<boolean> {
  const { rows: [who] } = await client.query<{ superuser: boolean }>("SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user");
  if (!who?.superuser) {
    log("Triggers stay on (the loader's role is not a superuser): slower, same result.");
    return false;
  }
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname || '.' || t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND (t.tgtype & $2) <> 0
        AND c.relname = ANY($1) AND c.relname <> 'publication_change' AND c.relnamespace = current_schema()::regnamespace`,
    [[...LOADED_TABLES], TRIGGER_TYPE_INSERT],
  );
  const unknown = rows.map((r) => r.name).filter((n) => !REPRODUCED_TRIGGERS.has(n));
  if (unknown.length > 0) {
    log(`Triggers stay on (the loader does not reproduce ${unknown.join(", ")}): slower, same result.`);
    return false;
  }
  return true;
}

/**
 * Drops the non-constraint indexes of the loaded tables and returns their definitions, to be run
 * again after the load in the same transaction. Building an index once over all rows is many times
 * faster than updating it row by row (the trigram and gram GIN indexes above all).
 */
async function dropSecondaryIndexes(client: pg.Client, log: (line: string) => void): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid JOIN pg_namespace n ON n.oid = tc.relnamespace
      WHERE n.nspname = current_schema() AND tc.relname = ANY($1) AND NOT i.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refobjid = i.indexrelid AND d.deptype = 'n')
      ORDER BY tc.relname, ic.relname`,
    [[...LOADED_TABLES]],
  );
  for (const row of rows) await client.query(`DROP INDEX ${row.name}`);
  log(`Deferred ${rows.length} secondary indexes to the end of the load.`);
  return rows.map((r) => r.definition);
}

/** The payment trigger's rule, set-based over the agreements of this load. */
async function checkPaymentsWithinAward(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT pm.agreement_id, pm.institution_id, SUM(pm.amount_won) AS paid FROM payment pm
        WHERE pm.agreement_id IN (SELECT a.id FROM agreement a JOIN project p ON p.id = a.project_id WHERE p.origin = 'SYNTHETIC')
        GROUP BY 1, 2) x
     LEFT JOIN (SELECT f.agreement_id, f.institution_id, SUM(f.government_won) AS awarded FROM funding_line f
                 WHERE f.agreement_id IS NOT NULL GROUP BY 1, 2) w USING (agreement_id, institution_id)
     WHERE x.paid > 0 AND (w.awarded IS NULL OR x.paid > w.awarded)`,
  );
  if ((rows[0]?.n ?? 0) > 0) throw new Error(`payment_within_award: ${rows[0]?.n} synthetic agreements paid beyond their award`);
}

const PROJECT_COLUMNS = [
  "id", "slug", "title_ko", "title_en", "summary_ko", "summary_en", "product_ko", "product_en", "program_id", "area", "research_stage",
  "period_start", "period_end", "start_year", "published_duration_months", "published_sub_project_count", "status", "publication", "published_at",
  "consortium_is_partial", "researchers_are_partial", "government_total_won", "private_cash_total_won", "private_in_kind_total_won",
  "search_text", "search_grams", "quality_flags", "institution_types", "origin", "updated_at",
];

/** What formatting a batch needs from the database: ids of programmes, institutions, categories. */
export type BatchLookups = {
  programIds: [string, number][];
  institutionIds: [string, number][];
  costCategories: CostCategoryRow[];
  loadedAt: string;
  year: number;
};
export type BatchCounts = { project: number; sub_project: number; person: number; agreement: number };
export type BatchIds = { [K in keyof BatchCounts]: number[] };
export type BatchRows = { table: string; columns: readonly string[]; count: number; text: string }[];

/** Projects [start, end) with their derived fields, and how many ids of each kind they need. */
export function prepareBatch(start: number, end: number) {
  const specs = Array.from({ length: end - start }, (_, k) => syntheticProjectSpec(start + k));
  const derived = specs.map(derivedFields);
  // An agreement per project (or sub-project), stage and fiscal year that has a funding line.
  const agreementKeys = specs.map((s) => [...new Set((s.funding ?? []).filter((f) => f.fiscalYear !== undefined).map((f) => `${f.subProjectSeq ?? ""}:${f.stage ?? ""}:${f.fiscalYear}`))]);
  const counts: BatchCounts = {
    project: specs.length,
    sub_project: specs.reduce((n, s) => n + (s.subProjects?.length ?? 0), 0),
    person: specs.reduce((n, s) => n + (s.people?.length ?? 0), 0),
    agreement: agreementKeys.reduce((n, k) => n + k.length, 0),
  };
  return { specs, derived, agreementKeys, counts };
}

type Lookup = { programIds: Map<string, number>; institutionIds: Map<string, number>; costCategories: CostCategoryRow[]; loadedAt: string; year: number };
export function lookupOf(l: BatchLookups): Lookup {
  return { ...l, programIds: new Map(l.programIds), institutionIds: new Map(l.institutionIds) };
}

/** Every row of a prepared batch in COPY text, parents before children. */
export function formatBatch(prepared: ReturnType<typeof prepareBatch>, ids: BatchIds, ctx: Lookup): BatchRows {
  const { specs, derived: derivedRows, agreementKeys } = prepared;
  const instId = (i: InstitutionSpec) => ctx.institutionIds.get(normalizedInstitution(i)) as number;
  const project = new CopyRows("project", PROJECT_COLUMNS);
  const identifier = new CopyRows("project_identifier", ["project_id", "scheme", "value"]);
  const subProject = new CopyRows("sub_project", ["id", "project_id", "seq", "title_ko", "title_en", "lead_institution_id", "period_start", "period_end", "updated_at"]);
  const participation = new CopyRows("participation", ["project_id", "sub_project_id", "institution_id", "role", "sort_order"]);
  const person = new CopyRows("person", ["id", "name_ko", "name_en", "institution_id", "origin", "updated_at"]);
  const projectPerson = new CopyRows("project_person", ["project_id", "person_id", "role", "institution_id", "sort_order"]);
  const agreement = new CopyRows("agreement", ["id", "project_id", "sub_project_id", "stage", "fiscal_year", "agreement_number", "signed_on", "period_start", "period_end", "status", "updated_at"]);
  const fundingLine = new CopyRows("funding_line", [
    "project_id", "sub_project_id", "fiscal_year", "stage", "government_won", "private_cash_won", "private_in_kind_won", "note_ko", "note_en", "updated_at", "agreement_id", "institution_id",
  ]);
  const milestone = new CopyRows("milestone", [
    "project_id", "title_ko", "title_en", "kind", "status", "due_date", "due_precision", "target_value", "actual_value", "unit_ko", "unit_en",
    "achieved_date", "achieved_precision", "sort_order", "updated_at",
  ]);
  const payment = new CopyRows("payment", ["agreement_id", "institution_id", "paid_on", "amount_won", "updated_at"]);
  const spending = new CopyRows("spending", ["agreement_id", "institution_id", "cost_category_id", "period_start", "period_end", "amount_won", "updated_at"]);
  const settlement = new CopyRows("settlement", ["agreement_id", "institution_id", "settled_on", "recognised_won", "disallowed_won", "to_return_won", "returned_on", "updated_at"]);
  const at = ctx.loadedAt;
  let subIndex = 0;
  let personIndex = 0;
  let agreementIndex = 0;

  specs.forEach((s, k) => {
    const projectId = ids.project[k] as number;
    const derived = derivedRows[k] as ReturnType<typeof derivedFields>;
    project.add(
      projectId, s.slug, s.titleKo, s.titleEn, s.summaryKo, s.summaryEn, s.productKo, s.productEn,
      s.program ? (ctx.programIds.get(s.program.code) ?? null) : null, s.area, s.researchStage,
      monthStart(s.periodStart), monthStart(s.periodEnd), Number(s.periodStart.slice(0, 4)), s.publishedDurationMonths, s.publishedSubProjectCount,
      s.status, s.publication, s.publication === "PUBLISHED" ? "2025-01-01 00:00:00+00" : null,
      s.consortiumIsPartial ?? false, s.researchersArePartial ?? false,
      derived.totals.governmentWon, derived.totals.privateCashWon, derived.totals.privateInKindWon,
      derived.doc.searchText, arrayLiteral(derived.doc.searchGrams), arrayLiteral(derived.qualityFlags), arrayLiteral(derived.institutionTypes),
      "SYNTHETIC", at,
    );
    for (const i of s.identifiers ?? []) identifier.add(projectId, i.scheme, i.value);
    const subBySeq = new Map<number, { id: number; lead: number | null }>();
    for (const sub of s.subProjects ?? []) {
      const id = ids.sub_project[subIndex++] as number;
      const lead = sub.lead ? instId(sub.lead) : null;
      subBySeq.set(sub.seq, { id, lead });
      subProject.add(id, projectId, sub.seq, sub.titleKo, sub.titleEn, lead,
        sub.periodStart ? monthStart(sub.periodStart) : null, sub.periodEnd ? monthStart(sub.periodEnd) : null, at);
    }
    const subId = (seq: number | undefined) => (seq === undefined ? null : (subBySeq.get(seq)?.id ?? null));
    s.participations.forEach((p, order) => participation.add(projectId, subId(p.subProjectSeq), instId(p.institution), p.role, order));
    (s.people ?? []).forEach((p, order) => {
      const id = ids.person[personIndex++] as number;
      const institutionId = p.institution ? instId(p.institution) : null;
      person.add(id, p.nameKo, p.nameEn, institutionId, "SYNTHETIC", at);
      projectPerson.add(projectId, id, p.role, institutionId, order);
    });
    // The lead institution of the project: the first LEAD participation.
    const leadParticipation = s.participations.find((p) => p.role === "LEAD");
    const projectLead = leadParticipation ? instId(leadParticipation.institution) : null;
    const agreements = new Map<string, number>();
    for (const key of agreementKeys[k] ?? []) {
      const id = ids.agreement[agreementIndex++] as number;
      agreements.set(key, id);
      const [seq, stage, fy] = key.split(":");
      const fiscalYear = Number(fy);
      const subProjectId = seq ? subId(Number(seq)) : null;
      agreement.add(
        id, projectId, subProjectId, stage ? Number(stage) : null, fiscalYear,
        `SYN-${projectId}-${subProjectId === null ? "" : `${subProjectId}-`}${fiscalYear}`,
        fiscalYear <= ctx.year ? `${fiscalYear}-01-15` : null, `${fiscalYear}-01-01`, `${fiscalYear}-12-31`,
        fiscalYear <= ctx.year ? "SIGNED" : "PENDING", at,
      );
    }
    for (const f of s.funding ?? []) {
      const agreementId = f.fiscalYear === undefined ? null : (agreements.get(`${f.subProjectSeq ?? ""}:${f.stage ?? ""}:${f.fiscalYear}`) ?? null);
      // A yearly line is the award of its sub-project's lead institution, else of the project's lead.
      const institutionId = agreementId === null ? null : ((f.subProjectSeq === undefined ? null : subBySeq.get(f.subProjectSeq)?.lead ?? null) ?? projectLead);
      fundingLine.add(projectId, subId(f.subProjectSeq), f.fiscalYear, f.stage, f.governmentWon, f.privateCashWon, f.privateInKindWon, f.noteKo, f.noteEn, at, agreementId, institutionId);
      if (agreementId === null || institutionId === null || f.fiscalYear === undefined || !f.governmentWon || f.governmentWon <= 0n) continue;
      if (f.fiscalYear >= ctx.year) continue;
      grantRecords(ctx, { agreementId, institutionId, fiscalYear: f.fiscalYear, governmentWon: f.governmentWon }, payment, spending, settlement);
    }
    (s.milestones ?? []).forEach((m, order) => {
      const due = partialDate(m.due);
      const achieved = partialDate(m.achieved);
      milestone.add(
        projectId, m.titleKo, m.titleEn, m.kind, m.status, due.date ? isoDate(due.date) : null, due.precision, m.targetValue, m.actualValue,
        m.unitKo, m.unitEn, achieved.date ? isoDate(achieved.date) : null, achieved.precision, order, at,
      );
    });
  });
  // Parents before children, in the order the app's own writes take.
  return [project, identifier, subProject, participation, person, projectPerson, agreement, fundingLine, milestone, payment, spending, settlement]
    .map((rows) => ({ table: rows.table, columns: rows.columns, count: rows.count, text: rows.text() }));
}

async function reserveBatchIds(client: pg.Client, counts: BatchCounts): Promise<BatchIds> {
  return {
    project: await reserveIds(client, "project", counts.project),
    sub_project: await reserveIds(client, "sub_project", counts.sub_project),
    person: await reserveIds(client, "person", counts.person),
    agreement: await reserveIds(client, "agreement", counts.agreement),
  };
}

async function copyBatch(ctx: LoadContext, rows: BatchRows, projectIds: number[]): Promise<void> {
  const { client } = ctx;
  for (const table of rows) {
    if (table.count === 0) continue;
    const stream = client.query(pgCopy.from(`COPY ${table.table} (${table.columns.join(", ")}) FROM STDIN`));
    await pipeline(Readable.from([table.text]), stream);
  }
  if (ctx.replica) {
    // What the publication_change trigger writes for a new published project (its parts add nothing
    // within the same transaction), with triggers on: the feed's own listeners run as usual.
    await client.query("SET LOCAL session_replication_role = origin");
    await client.query(
      `INSERT INTO publication_change (txid, project_id, slug, kind)
       SELECT pg_current_xact_id()::text::bigint, id, slug, 'PUBLISHED' FROM project WHERE id = ANY($1::int[]) AND publication = 'PUBLISHED' ORDER BY id`,
      [projectIds],
    );
    await client.query("SET LOCAL session_replication_role = replica");
  }
}

const normalizedInstitution = (i: InstitutionSpec) => normalizedInstitutionName(i.nameKo);
const normalizedInstitutionName = memo(normalizeInstitutionName);

/** Derived columns, computed with the app's own functions. */
function derivedFields(s: ProjectSpec) {
  const institutionTypes = [...new Set(s.participations.map((p) => p.institution.type))].sort();
  const totals = rollUpFunding((s.funding ?? []).map((f) => ({
    subProjectId: f.subProjectSeq ?? null, fiscalYear: f.fiscalYear ?? null, stage: f.stage ?? null,
    governmentWon: f.governmentWon ?? null, privateCashWon: f.privateCashWon ?? null, privateInKindWon: f.privateInKindWon ?? null,
  })));
  const doc = syntheticSearchDocument(s);
  const qualityFlags = storedQualityFlags({
    periodStart: monthDate(s.periodStart), periodEnd: monthDate(s.periodEnd),
    publishedDurationMonths: s.publishedDurationMonths ?? null, publishedSubProjectCount: s.publishedSubProjectCount ?? null,
    subProjects: (s.subProjects ?? []).map((sub) => ({ id: sub.seq, periodStart: null, periodEnd: null })),
    participations: s.participations.map((p) => ({ role: p.role, subProjectId: p.subProjectSeq ?? null })),
    fundingLines: (s.funding ?? []).map((f) => ({ subProjectId: f.subProjectSeq ?? null, fiscalYear: f.fiscalYear ?? null, stage: f.stage ?? null, governmentWon: f.governmentWon ?? null })),
    milestones: (s.milestones ?? []).map((m, k) => {
      const due = partialDate(m.due);
      return { id: k, kind: m.kind, status: m.status, dueDate: due.date, duePrecision: due.precision, achievedDate: partialDate(m.achieved).date };
    }),
  });
  return { institutionTypes, totals, doc, qualityFlags };
}

/**
 * A past year's grant records for one awarded line: 60 % paid in February and the rest in July
 * (within the award by construction); that year's spending by each cost category in force, 70–99 %
 * of the award (by agreement); and, two years on, the settlement of what was paid and spent.
 */
function grantRecords(
  ctx: Lookup, a: { agreementId: number; institutionId: number; fiscalYear: number; governmentWon: bigint },
  payment: CopyRows, spending: CopyRows, settlement: CopyRows,
): void {
  const at = ctx.loadedAt;
  const first = (a.governmentWon * 6n) / 10n;
  payment.add(a.agreementId, a.institutionId, `${a.fiscalYear}-02-01`, first, at);
  payment.add(a.agreementId, a.institutionId, `${a.fiscalYear}-07-01`, a.governmentWon - first, at);
  const periodStart = `${a.fiscalYear}-01-01`;
  const periodEnd = `${a.fiscalYear}-12-31`;
  const rate = 70n + BigInt(a.agreementId % 30);
  let spent = 0n;
  for (const [code, share] of SPENDING_SHARES) {
    for (const c of ctx.costCategories) {
      if (c.code !== code || (c.validFrom !== null && c.validFrom > periodEnd) || (c.validTo !== null && c.validTo < periodStart)) continue;
      const amount = ((a.governmentWon * rate) / 100n * share) / 100n;
      spent += amount;
      spending.add(a.agreementId, a.institutionId, c.id, periodStart, periodEnd, amount, at);
    }
  }
  if (a.fiscalYear < ctx.year - 1 && spent > 0n) {
    const paid = a.governmentWon;
    settlement.add(a.agreementId, a.institutionId, `${a.fiscalYear + 1}-03-31`, spent, 0n, paid > spent ? paid - spent : 0n, paid > spent ? `${a.fiscalYear + 1}-04-30` : null, at);
  }
}

const monthDate = (s: string) => new Date(`${s}-01T00:00:00Z`);
const partialDate = (s: string | undefined) => (s ? parsePartialDate(s) : null) ?? { date: null, precision: null };
