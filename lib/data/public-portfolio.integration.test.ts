import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listPublishedProjects } from "@/lib/data/public-portfolio";
import { getPublicInstitution, getPublishedProject } from "@/lib/data/public-projects";
import { checkProjectQuality } from "@/lib/quality/checks";
import { resetDatabase } from "@/lib/testing/reset-database";
import { DEFAULT_QUERY, PAGE_SIZE, type PortfolioQuery } from "@/lib/validations/portfolio-query";
import { createProjectGraph } from "@/prisma/factories";
import { seedPublishedPortfolio } from "@/prisma/seed";
import { syntheticProjectSpec } from "@/prisma/synthetic";

const TRAM = "hydrogen-electric-tram";
const ADAS = "multi-sensor-adas-soc";
const ORGAN = "meta-soft-organ-modules";

const search = (q: Partial<PortfolioQuery>, locale = "ko") => listPublishedProjects({ ...DEFAULT_QUERY, ...q }, locale);
const slugs = async (q: Partial<PortfolioQuery>, locale = "ko") => (await search(q, locale)).items.map((i) => i.slug);

async function tableCounts() {
  const rows = await db().$queryRaw<{ table: string; n: bigint }[]>`
    SELECT relname AS table, n_live_tup AS n FROM pg_stat_user_tables WHERE schemaname = current_schema() ORDER BY relname`;
  const counts: Record<string, number> = {};
  for (const { table } of rows) {
    const [{ n }] = (await db().$queryRawUnsafe(`SELECT count(*) AS n FROM "${table}"`)) as [{ n: bigint }];
    counts[table] = Number(n);
  }
  return counts;
}

beforeAll(async () => {
  await resetDatabase();
  const first = await seedPublishedPortfolio(db());
  expect(first.created).toEqual([TRAM, ADAS, ORGAN]);
});

describe("the published portfolio as seeded", () => {
  it("holds the three projects with exactly the published figures", async () => {
    const tram = await getPublishedProject(TRAM);
    expect(tram).not.toBeNull();
    expect(tram?.titleKo).toBe("수소전기트램 실증사업");
    expect(tram?.productKo).toBe("수소전기트램");
    expect(tram?.periodStart.toISOString().slice(0, 7)).toBe("2021-07");
    expect(tram?.periodEnd.toISOString().slice(0, 7)).toBe("2024-03");
    expect(tram?.publishedDurationMonths).toBe(33);
    expect(tram?.computedDurationMonths).toBe(33);
    expect(tram?.publishedSubProjectCount).toBe(4);
    expect(tram?.governmentTotalWon).toBe(28_100_000_000n);
    expect(tram?.privateCashTotalWon).toBeNull();
    expect(tram?.privateInKindTotalWon).toBeNull();
    expect(tram?.identifiers).toEqual([]);
    expect(tram?.program).toBeNull();
    expect(tram?.consortiumIsPartial).toBe(true);
    expect(tram?.participations.map((p) => [p.institution.nameKo, p.role])).toEqual([
      ["현대로템㈜", "LEAD"], ["한국자동차연구원", "JOINT"], ["철도기술연구원", "JOINT"], ["울산테크노파크", "JOINT"],
    ]);
    expect(tram?.people.map((p) => p.person.nameKo)).toEqual(["이원상", "구영모", "권석진", "김종국"]);
    const driving = tram?.milestones[0];
    expect([driving?.targetValue, driving?.actualValue, driving?.unitKo, driving?.achievementPercent]).toEqual(["2500", "5000", "km", 200]);
    expect(tram?.milestones).toHaveLength(7);

    const adas = await getPublishedProject(ADAS);
    expect(adas?.governmentTotalWon).toBe(3_891_000_000n);
    expect(adas?.productKo).toBe("APACHE6");
    expect(adas?.periodStart.toISOString().slice(0, 7)).toBe("2020-04");
    expect(adas?.periodEnd.toISOString().slice(0, 7)).toBe("2024-12");
    expect(adas?.publishedDurationMonths).toBeNull();
    expect(adas?.participations.map((p) => p.institution.nameKo)).toEqual(["㈜넥스트칩", "한국전자기술연구원", "㈜캔랩", "이래에이엠에스㈜"]);
    expect(adas?.people).toHaveLength(19);
    expect(adas?.researchersArePartial).toBe(true);

    const organ = await getPublishedProject(ORGAN);
    expect(organ?.governmentTotalWon).toBe(19_862_000_000n);
    expect(organ?.publishedDurationMonths).toBe(75);
    expect(organ?.computedDurationMonths).toBe(76);
    expect(organ?.program?.nameKo).toBe("알키미스트 프로젝트");
    expect(organ?.participations).toHaveLength(14);
    expect(organ?.people[0]).toMatchObject({ role: "PRINCIPAL_INVESTIGATOR", person: { nameKo: "정완균", nameEn: "Wan Kyun Chung" } });
    const rabbit = organ?.milestones.find((m) => m.titleKo.includes("24시간"));
    expect(rabbit?.achievedDate?.toISOString().slice(0, 7)).toBe("2024-10");
    expect(rabbit?.achievedPrecision).toBe("MONTH");
  });

  it("changes nothing when seeded twice", async () => {
    const before = await tableCounts();
    const second = await seedPublishedPortfolio(db());
    expect(second.created).toEqual([]);
    expect(await tableCounts()).toEqual(before);
  });

  it("flags the source's own disagreements without changing its figures", async () => {
    const rows = await db().project.findMany({
      select: {
        slug: true, periodStart: true, periodEnd: true, publishedDurationMonths: true, publishedSubProjectCount: true,
        subProjects: { select: { id: true, periodStart: true, periodEnd: true } },
        participations: { select: { role: true, subProjectId: true } },
        fundingLines: { select: { subProjectId: true, fiscalYear: true, stage: true, governmentWon: true } },
        milestones: { select: { id: true, kind: true, status: true, dueDate: true, duePrecision: true, achievedDate: true } },
      },
      orderBy: { id: "asc" },
    });
    const asOf = new Date(Date.UTC(2025, 4, 31)); // the source's publication month
    const flags = Object.fromEntries(rows.map((r) => [r.slug, checkProjectQuality(r, asOf).map((f) => f.code)]));
    expect(flags).toEqual({
      [TRAM]: ["SUB_PROJECT_COUNT_MISMATCH"],
      [ADAS]: [],
      [ORGAN]: ["DURATION_MISMATCH"],
    });
    // The same flags are stored on the projects for the workspace's list of flagged projects.
    const stored = await db().project.findMany({ where: { origin: "PUBLISHED_SOURCE" }, select: { slug: true, qualityFlags: true }, orderBy: { id: "asc" } });
    expect(Object.fromEntries(stored.map((p) => [p.slug, p.qualityFlags]))).toEqual(flags);
  });
});

describe("portfolio search", () => {
  it("finds Korean substrings, two-syllable words, institutions, people and English", async () => {
    expect(await slugs({ q: "전기트램" })).toEqual([TRAM]);
    expect(await slugs({ q: "트램" })).toEqual([TRAM]);
    expect(await slugs({ q: "넥스트칩" })).toEqual([ADAS]);
    expect(await slugs({ q: "㈜넥스트칩" })).toEqual([ADAS]);
    expect(await slugs({ q: "정완균" })).toEqual([ORGAN]);
    expect(await slugs({ q: "hydrogen" })).toEqual([TRAM]);
    expect(await slugs({ q: "APACHE6" })).toEqual([ADAS]);
    expect(await slugs({ q: "수소전기트램".normalize("NFD") })).toEqual([TRAM]);
    expect(await slugs({ q: "오간 모듈" })).toEqual([ORGAN]);
    expect(await slugs({ q: "없는검색어" })).toEqual([]);
    expect(await slugs({ q: "100%_" })).toEqual([]);
    expect(await slugs({ q: "'; DROP TABLE project; --" })).toEqual([]);
  });

  it("filters by every facet and counts the others disjunctively", async () => {
    const program = await db().program.findUniqueOrThrow({ where: { code: "alchemist" } });
    expect(await slugs({ program: [program.id] })).toEqual([ORGAN]);
    expect(await slugs({ area: ["HYDROGEN", "SEMICONDUCTOR_DISPLAY"], sort: "title", dir: "asc" })).toEqual([ADAS, TRAM]);
    expect(await slugs({ status: ["ACTIVE"] })).toEqual([ORGAN]);
    expect(await slugs({ year: [2020], sort: "start", dir: "asc" })).toEqual([ADAS, ORGAN]);
    expect(await slugs({ instType: ["HOSPITAL"] })).toEqual([ORGAN]);
    expect(await slugs({ instType: ["LARGE_COMPANY", "MIDSIZE_COMPANY"], sort: "start", dir: "asc" })).toEqual([ADAS, TRAM]);

    const result = await search({ area: ["HYDROGEN"] });
    expect(result.total).toBe(1);
    // The area facet ignores its own selection, the others apply it.
    expect(result.facets.area.map((a) => [a.value, a.count]).sort()).toEqual([["ADVANCED_BIO", 1], ["HYDROGEN", 1], ["SEMICONDUCTOR_DISPLAY", 1]]);
    expect(result.facets.status).toEqual([{ value: "COMPLETED", count: 1 }]);
  });

  it("sorts by funding, start, end and title", async () => {
    expect(await slugs({ sort: "funding", dir: "desc" })).toEqual([TRAM, ORGAN, ADAS]);
    expect(await slugs({ sort: "funding", dir: "asc" })).toEqual([ADAS, ORGAN, TRAM]);
    expect(await slugs({ sort: "start", dir: "asc" })).toEqual([ADAS, ORGAN, TRAM]);
    expect(await slugs({ sort: "end", dir: "desc" })).toEqual([ORGAN, ADAS, TRAM]);
    expect(await slugs({ sort: "title", dir: "asc" })).toEqual([ADAS, ORGAN, TRAM]);
    expect(await slugs({ sort: "title", dir: "asc" }, "en")).toEqual([TRAM, ORGAN, ADAS]);
  });

  it("totals the filtered set in exact won", async () => {
    const all = await search({});
    expect(all.total).toBe(3);
    expect(all.governmentTotalWon).toBe(51_853_000_000n);
    expect(all.unknownFundingCount).toBe(0);
    const filtered = await search({ q: "트램" });
    expect(filtered.governmentTotalWon).toBe(28_100_000_000n);
  });
});

describe("pagination and publication", () => {
  it("pages through many projects and never shows drafts", async () => {
    await db().$transaction(async (tx) => {
      for (let i = 0; i < PAGE_SIZE + 5; i++) await createProjectGraph(tx, syntheticProjectSpec(i, { publication: "PUBLISHED" }));
      await createProjectGraph(tx, { ...syntheticProjectSpec(999), slug: "secret-draft", titleKo: "비공개 초안 과제", publication: "DRAFT" });
    }, { timeout: 60_000 });
    const page1 = await search({ page: 1 });
    const page2 = await search({ page: 2 });
    expect(page1.total).toBe(PAGE_SIZE + 8);
    expect(page1.pageCount).toBe(2);
    expect(page1.items).toHaveLength(PAGE_SIZE);
    expect(page2.items).toHaveLength(8);
    expect(new Set([...page1.items, ...page2.items].map((i) => i.slug)).size).toBe(PAGE_SIZE + 8);
    expect((await search({ page: 3 })).items).toEqual([]);
    expect(await slugs({ q: "비공개" })).toEqual([]);
    expect(await getPublishedProject("secret-draft")).toBeNull();
    expect(await getPublishedProject("no-such-project")).toBeNull();
  });

  it("shows an institution through its published projects only", async () => {
    const nextchip = await db().institution.findUniqueOrThrow({ where: { normalizedName: "넥스트칩" } });
    const page = await getPublicInstitution(nextchip.id);
    expect(page?.projects.map((p) => [p.slug, p.roles])).toEqual([[ADAS, ["LEAD"]]]);
    expect(page?.governmentTotalWon).toBe(3_891_000_000n);
    expect(await getPublicInstitution(987_654)).toBeNull();
    expect(await getPublicInstitution(-1)).toBeNull();
  });
});
