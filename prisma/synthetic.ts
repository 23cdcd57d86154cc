// A deterministic synthetic portfolio for tests and benchmarks: programs, institutions shared
// across projects, sub-projects, funding lines and milestones, with Korean and English titles.
// Every row is marked origin = SYNTHETIC and every slug starts with "synthetic-"; none of it is
// ever mixed into the published portfolio (prisma/seed.ts).
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import {
  INSTITUTION_TYPES, MILESTONE_KINDS, PROJECT_STATUSES, RESEARCH_STAGES, STRATEGIC_TECH_AREAS,
} from "@/lib/domain/enums";
import { rollUpFunding } from "@/lib/domain/funding-rollup";
import { buildProjectSearchDocument, normalizeInstitutionName } from "@/lib/search/normalize";
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

export function syntheticInstitution(n: number): InstitutionSpec {
  const rng = createRng(1_000_003 * (n + 1));
  const type = rng.pick(TYPE_WEIGHTS);
  const idx = [rng.int(0, 19), rng.int(0, 19), rng.int(0, 19)];
  const ko = idx.map((i) => SYLLABLES[i]).join("");
  const en = idx.map((i) => LATIN[i]).join("");
  const [suffixKo, suffixEn] = SUFFIX[type];
  // The number keeps names unique; "(합성)" marks the row as synthetic wherever it appears.
  return { nameKo: `(합성) ${ko}${n}${suffixKo}`, nameEn: `(Synthetic) ${en[0]?.toUpperCase()}${en.slice(1)} ${n} ${suffixEn}`, type };
}

export function syntheticProgram(n: number): ProgramSpec {
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
  const institution = () => syntheticInstitution(Math.floor(SYNTHETIC_INSTITUTION_COUNT * rng.next() ** 2));
  const memberCount = rng.int(1, 6);
  const members = new Map<string, InstitutionSpec>();
  while (members.size < memberCount + 1) {
    const i = institution();
    members.set(normalizeInstitutionName(i.nameKo), i);
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

type Progress = (done: number, total: number) => void;

/**
 * Bulk-loads n synthetic projects with plain multi-row inserts (the per-project factories would
 * take hours at 100k). Derived columns are computed with the same functions the app uses.
 */
export async function loadSyntheticPortfolio(client: PrismaClient, projects: number, onProgress: Progress = () => {}): Promise<void> {
  const programIds = new Map<string, number>();
  for (let n = 0; n < SYNTHETIC_PROGRAM_COUNT; n++) {
    const spec = syntheticProgram(n);
    const row = await client.program.upsert({ where: { code: spec.code }, update: {}, create: { ...spec, origin: "SYNTHETIC" }, select: { id: true } });
    programIds.set(spec.code, row.id);
  }
  const institutionIds = new Map<string, number>();
  const institutions = Array.from({ length: SYNTHETIC_INSTITUTION_COUNT }, (_, n) => syntheticInstitution(n));
  await client.institution.createMany({
    data: institutions.map((i) => ({ ...i, normalizedName: normalizeInstitutionName(i.nameKo), origin: "SYNTHETIC" as const })),
    skipDuplicates: true,
  });
  for (const row of await client.institution.findMany({ where: { origin: "SYNTHETIC" }, select: { id: true, normalizedName: true } })) {
    institutionIds.set(row.normalizedName, row.id);
  }
  const instId = (i: InstitutionSpec) => institutionIds.get(normalizeInstitutionName(i.nameKo)) as number;
  const existing = await client.project.count({ where: { origin: "SYNTHETIC" } });
  const BATCH = 1000;
  for (let start = existing; start < projects; start += BATCH) {
    const specs = Array.from({ length: Math.min(BATCH, projects - start) }, (_, k) => syntheticProjectSpec(start + k));
    await client.$transaction(async (tx) => {
      // Let GIN indexes (trigram, grams) collect entries in their pending list and merge them in
      // bulk at the VACUUM below, instead of one costly index insertion per row.
      await tx.$executeRawUnsafe("SET LOCAL gin_pending_list_limit = '512MB'");
      await insertBatch(tx, specs, programIds, instId);
      await insertSyntheticGrants(tx, specs.map((s) => s.slug));
    }, { timeout: 300_000 });
    onProgress(Math.min(start + BATCH, projects), projects);
  }
  await client.$executeRawUnsafe("VACUUM ANALYZE");
}

const monthDate = (s: string) => new Date(`${s}-01T00:00:00Z`);
const partialDate = (s: string | undefined) => (s ? parsePartialDate(s) : null) ?? { date: null, precision: null };

async function insertBatch(
  tx: Prisma.TransactionClient,
  specs: ProjectSpec[],
  programIds: Map<string, number>,
  instId: (i: InstitutionSpec) => number,
) {
  const projectRows = specs.map((s) => {
    const institutionTypes = [...new Set(s.participations.map((p) => p.institution.type))].sort();
    const totals = rollUpFunding((s.funding ?? []).map((f) => ({
      subProjectId: f.subProjectSeq ?? null, fiscalYear: f.fiscalYear ?? null, stage: f.stage ?? null,
      governmentWon: f.governmentWon ?? null, privateCashWon: f.privateCashWon ?? null, privateInKindWon: f.privateInKindWon ?? null,
    })));
    const doc = buildProjectSearchDocument({
      ...s,
      identifiers: (s.identifiers ?? []).map((i) => i.value),
      institutions: s.participations.map((p) => p.institution),
      people: s.people ?? [],
    });
    const periodStart = monthDate(s.periodStart);
    const qualityFlags = storedQualityFlags({
      periodStart, periodEnd: monthDate(s.periodEnd),
      publishedDurationMonths: s.publishedDurationMonths ?? null, publishedSubProjectCount: s.publishedSubProjectCount ?? null,
      subProjects: (s.subProjects ?? []).map((sub) => ({ id: sub.seq, periodStart: null, periodEnd: null })),
      participations: s.participations.map((p) => ({ role: p.role, subProjectId: p.subProjectSeq ?? null })),
      fundingLines: (s.funding ?? []).map((f) => ({ subProjectId: f.subProjectSeq ?? null, fiscalYear: f.fiscalYear ?? null, stage: f.stage ?? null, governmentWon: f.governmentWon ?? null })),
      milestones: (s.milestones ?? []).map((m, k) => {
        const due = partialDate(m.due);
        return { id: k, kind: m.kind, status: m.status, dueDate: due.date, duePrecision: due.precision, achievedDate: partialDate(m.achieved).date };
      }),
    });
    return {
      slug: s.slug, titleKo: s.titleKo, titleEn: s.titleEn, summaryKo: s.summaryKo, summaryEn: s.summaryEn,
      productKo: s.productKo, productEn: s.productEn,
      programId: s.program ? (programIds.get(s.program.code) ?? null) : null,
      area: s.area, researchStage: s.researchStage, periodStart, periodEnd: monthDate(s.periodEnd), startYear: periodStart.getUTCFullYear(),
      publishedDurationMonths: s.publishedDurationMonths, status: s.status, publication: s.publication,
      publishedAt: s.publication === "PUBLISHED" ? new Date("2025-01-01T00:00:00Z") : null,
      origin: "SYNTHETIC" as const,
      governmentTotalWon: totals.governmentWon, privateCashTotalWon: totals.privateCashWon, privateInKindTotalWon: totals.privateInKindWon,
      searchText: doc.searchText, searchGrams: doc.searchGrams, institutionTypes, qualityFlags,
    };
  });
  const created = await tx.project.createManyAndReturn({ data: projectRows, select: { id: true, slug: true } });
  const ids = new Map(created.map((c) => [c.slug, c.id]));
  const subRows = specs.flatMap((s) => (s.subProjects ?? []).map((sub) => ({
    projectId: ids.get(s.slug) as number, seq: sub.seq, titleKo: sub.titleKo, titleEn: sub.titleEn, leadInstitutionId: sub.lead ? instId(sub.lead) : null,
  })));
  const subs = subRows.length ? await tx.subProject.createManyAndReturn({ data: subRows, select: { id: true, projectId: true, seq: true } }) : [];
  const subId = new Map(subs.map((s) => [`${s.projectId}:${s.seq}`, s.id]));
  const sub = (projectId: number, seq: number | undefined) => (seq === undefined ? null : (subId.get(`${projectId}:${seq}`) ?? null));

  await tx.projectIdentifier.createMany({ data: specs.flatMap((s) => (s.identifiers ?? []).map((i) => ({ ...i, projectId: ids.get(s.slug) as number }))) });
  await tx.participation.createMany({
    data: specs.flatMap((s) => s.participations.map((p, k) => ({
      projectId: ids.get(s.slug) as number, institutionId: instId(p.institution), role: p.role, sortOrder: k,
    }))),
  });
  const people = await tx.person.createManyAndReturn({
    data: specs.flatMap((s) => (s.people ?? []).map((p) => ({ nameKo: p.nameKo, nameEn: p.nameEn, institutionId: p.institution ? instId(p.institution) : null, origin: "SYNTHETIC" as const }))),
    select: { id: true },
  });
  let personIndex = 0;
  await tx.projectPerson.createMany({
    data: specs.flatMap((s) => (s.people ?? []).map((p, k) => ({
      projectId: ids.get(s.slug) as number, personId: people[personIndex++]?.id as number, role: p.role,
      institutionId: p.institution ? instId(p.institution) : null, sortOrder: k,
    }))),
  });
  await tx.fundingLine.createMany({
    data: specs.flatMap((s) => {
      const projectId = ids.get(s.slug) as number;
      return (s.funding ?? []).map((f) => ({
        projectId, subProjectId: sub(projectId, f.subProjectSeq), fiscalYear: f.fiscalYear, stage: f.stage,
        governmentWon: f.governmentWon, privateCashWon: f.privateCashWon, privateInKindWon: f.privateInKindWon, noteKo: f.noteKo, noteEn: f.noteEn,
      }));
    }),
  });
  await tx.milestone.createMany({
    data: specs.flatMap((s) => {
      const projectId = ids.get(s.slug) as number;
      return (s.milestones ?? []).map((m, k) => {
        const due = partialDate(m.due);
        const achieved = partialDate(m.achieved);
        return {
          projectId, titleKo: m.titleKo, titleEn: m.titleEn, kind: m.kind, status: m.status,
          dueDate: due.date, duePrecision: due.precision, achievedDate: achieved.date, achievedPrecision: achieved.precision,
          targetValue: m.targetValue, actualValue: m.actualValue, unitKo: m.unitKo, unitEn: m.unitEn, sortOrder: k,
        };
      });
    }),
  });
}

/**
 * Grant records for synthetic projects (issue 14): an agreement per project (or sub-project) and
 * fiscal year with its funding lines assigned to the lead institution; for past years two payments,
 * a year's spending by cost category (in force that year) and, two years on, a settlement. Set-based
 * INSERT … SELECT statements over the batch, so it adds seconds, not minutes, at 100k projects.
 * Synthetic only: the published portfolio never gets invented grant records.
 */
export async function insertSyntheticGrants(tx: Prisma.TransactionClient, slugs: string[], today: Date = new Date()): Promise<void> {
  const year = today.getUTCFullYear();
  await tx.$executeRaw`
    INSERT INTO agreement (project_id, sub_project_id, stage, fiscal_year, agreement_number, signed_on, period_start, period_end, status, updated_at)
    SELECT DISTINCT f.project_id, f.sub_project_id, f.stage, f.fiscal_year,
      'SYN-' || f.project_id || '-' || COALESCE(f.sub_project_id::text || '-', '') || f.fiscal_year,
      CASE WHEN f.fiscal_year <= ${year} THEN make_date(f.fiscal_year, 1, 15) END,
      make_date(f.fiscal_year, 1, 1), make_date(f.fiscal_year, 12, 31),
      (CASE WHEN f.fiscal_year <= ${year} THEN 'SIGNED' ELSE 'PENDING' END)::"AgreementStatus", now()
    FROM funding_line f JOIN project p ON p.id = f.project_id
    WHERE p.slug = ANY(${slugs}::text[]) AND p.origin = 'SYNTHETIC' AND f.fiscal_year IS NOT NULL AND f.agreement_id IS NULL`;
  await tx.$executeRaw`
    UPDATE funding_line f SET agreement_id = a.id,
      institution_id = COALESCE(sp.lead_institution_id, (
        SELECT pa.institution_id FROM participation pa WHERE pa.project_id = f.project_id AND pa.role = 'LEAD' ORDER BY pa.sort_order, pa.id LIMIT 1))
    FROM agreement a JOIN project p ON p.id = a.project_id LEFT JOIN sub_project sp ON sp.id = a.sub_project_id
    WHERE p.slug = ANY(${slugs}::text[]) AND f.agreement_id IS NULL AND a.project_id = f.project_id
      AND a.sub_project_id IS NOT DISTINCT FROM f.sub_project_id AND a.stage IS NOT DISTINCT FROM f.stage AND a.fiscal_year = f.fiscal_year`;
  // Past years: 60 % paid in February and the rest in July (within the award by construction).
  await tx.$executeRaw`
    INSERT INTO payment (agreement_id, institution_id, paid_on, amount_won, updated_at)
    SELECT a.id, f.institution_id, d.paid_on, CASE WHEN d.first THEN f.government_won * 6 / 10 ELSE f.government_won - f.government_won * 6 / 10 END, now()
    FROM agreement a JOIN project p ON p.id = a.project_id JOIN funding_line f ON f.agreement_id = a.id
    CROSS JOIN LATERAL (VALUES (true, make_date(a.fiscal_year, 2, 1)), (false, make_date(a.fiscal_year, 7, 1))) AS d(first, paid_on)
    WHERE p.slug = ANY(${slugs}::text[]) AND a.fiscal_year < ${year} AND f.institution_id IS NOT NULL AND f.government_won > 0`;
  // A year's spending per category in force that year: 70–99 % of the award, deterministic per agreement.
  await tx.$executeRaw`
    INSERT INTO spending (agreement_id, institution_id, cost_category_id, period_start, period_end, amount_won, updated_at)
    SELECT a.id, f.institution_id, c.id, a.period_start, a.period_end, f.government_won * (70 + a.id % 30) / 100 * s.share / 100, now()
    FROM agreement a JOIN project p ON p.id = a.project_id JOIN funding_line f ON f.agreement_id = a.id
    CROSS JOIN (VALUES ('PERSONNEL', 45), ('MATERIALS', 25), ('EQUIPMENT_MATERIALS', 25), ('ACTIVITY', 20), ('INDIRECT', 10)) AS s(code, share)
    JOIN cost_category c ON c.code = s.code
      AND (c.valid_from IS NULL OR c.valid_from <= a.period_end) AND (c.valid_to IS NULL OR c.valid_to >= a.period_start)
    WHERE p.slug = ANY(${slugs}::text[]) AND a.fiscal_year < ${year} AND f.institution_id IS NOT NULL AND f.government_won > 0`;
  await tx.$executeRaw`
    INSERT INTO settlement (agreement_id, institution_id, settled_on, recognised_won, disallowed_won, to_return_won, returned_on, updated_at)
    SELECT a.id, x.institution_id, make_date(a.fiscal_year + 1, 3, 31), x.spent, 0, GREATEST(x.paid - x.spent, 0),
      CASE WHEN x.paid > x.spent THEN make_date(a.fiscal_year + 1, 4, 30) END, now()
    FROM agreement a JOIN project p ON p.id = a.project_id
    JOIN LATERAL (
      SELECT s.institution_id, SUM(s.amount_won) AS spent,
        (SELECT COALESCE(SUM(pm.amount_won), 0) FROM payment pm WHERE pm.agreement_id = a.id AND pm.institution_id = s.institution_id) AS paid
      FROM spending s WHERE s.agreement_id = a.id GROUP BY s.institution_id
    ) x ON true
    WHERE p.slug = ANY(${slugs}::text[]) AND a.fiscal_year < ${year} - 1`;
}
