// TEMPORARY: style preview of the shell's classes. Delete before merging.
import { hasLocale } from "next-intl";
import { setRequestLocale } from "next-intl/server";
import { notFound } from "next/navigation";
import { Badge, MilestoneStatusBadge, ProjectStatusBadge, timelineItemClass } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Link } from "@/lib/i18n/navigation";
import { routing } from "@/lib/i18n/routing";

export const metadata = { title: "Style preview" };

export default async function StylePreview({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const page = Number((await searchParams).page ?? "5") || 5;

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "포트폴리오", href: "/" }, { label: "스타일 미리보기" }]}
        eyebrow="알키미스트 프로젝트 · 과제번호 20012345"
        title="초고효율 전고체 이차전지 양산 공정 기술 개발"
        description="과제의 주요 수치와 이정표를 공개된 자료에 근거해 보여 줍니다. 긴 설명 문장이 두 줄 이상으로 넘어갈 때의 줄 간격과 단어 단위 줄바꿈도 함께 확인합니다."
        meta={
          <>
            <ProjectStatusBadge status="ACTIVE" />
            <span>2024.04 – 2028.12</span>
            <span>주관 ㈜한국배터리</span>
          </>
        }
        actions={
          <>
            <a className="btn btn--tertiary btn--sm" href="#table">
              표로 보기
            </a>
            <a className="btn btn--secondary btn--sm" href="#timeline">
              이정표
            </a>
          </>
        }
      />

      <div className="container">
        <section className="section" aria-labelledby="s-search">
          <h2 id="s-search" className="section__title">
            검색과 필터
          </h2>
          <form className="search-bar mt-4" role="search" action="#">
            <label className="field__label" htmlFor="q">
              과제 검색
            </label>
            <div className="search-bar__row">
              <input id="q" name="q" className="input" type="search" placeholder="과제명, 기관명, 키워드" />
              <button className="btn btn--primary" type="submit">
                검색
              </button>
            </div>
            <p className="field__hint">두 글자 이상 입력하세요.</p>
          </form>

          <div className="facet-layout mt-8">
            <div className="facet-layout__sidebar">
              <form className="facet-panel" aria-labelledby="facet-title">
                <div className="facet-panel__header">
                  <h2 id="facet-title" className="facet-panel__title">
                    필터
                  </h2>
                  <button type="reset" className="btn btn--text btn--sm">
                    초기화
                  </button>
                </div>
                <fieldset className="checkbox-group">
                  <legend className="checkbox-group__legend">과제 상태</legend>
                  <ul className="checkbox-group__list">
                    {[
                      ["ACTIVE", "수행 중", 128],
                      ["COMPLETED", "종료", 342],
                      ["PLANNED", "착수 전", 12],
                      ["SUSPENDED", "중단", 0],
                    ].map(([v, l, c]) => (
                      <li key={String(v)}>
                        <label className="checkbox">
                          <input type="checkbox" name="status" value={String(v)} defaultChecked={v === "ACTIVE"} disabled={c === 0} />
                          <span className="checkbox__label">{l}</span>
                          <span className="checkbox__count">{c}</span>
                        </label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
                <fieldset className="checkbox-group">
                  <legend className="checkbox-group__legend">국가전략기술 분야</legend>
                  <ul className="checkbox-group__list">
                    {["반도체·디스플레이", "이차전지", "첨단 모빌리티", "첨단로봇·제조"].map((l, i) => (
                      <li key={l}>
                        <label className="checkbox">
                          <input type="checkbox" name="area" value={l} />
                          <span className="checkbox__label">{l}</span>
                          <span className="checkbox__count">{[54, 31, 22, 9][i]}</span>
                        </label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
                <div className="field mt-8">
                  <label className="field__label" htmlFor="year">
                    착수 연도
                  </label>
                  <select id="year" className="select" defaultValue="">
                    <option value="">전체</option>
                    <option>2025</option>
                    <option>2024</option>
                  </select>
                </div>
                <div className="facet-panel__actions">
                  <button className="btn btn--primary btn--block" type="submit">
                    필터 적용
                  </button>
                </div>
              </form>
            </div>

            <div className="facet-layout__results">
              <div className="results-bar">
                <p className="results-bar__count" role="status">
                  검색 결과 <strong>482</strong>건
                </p>
                <div className="results-bar__controls">
                  <label className="sr-only" htmlFor="sort">
                    정렬
                  </label>
                  <select id="sort" className="select select--sm" defaultValue="recent">
                    <option value="recent">최근 착수순</option>
                    <option value="budget">정부출연금 많은순</option>
                  </select>
                </div>
              </div>
              <ul className="card-list">
                {[
                  ["ACTIVE", "초고효율 전고체 이차전지 양산 공정 기술 개발", "38억 9,100만 원"],
                  ["COMPLETED", "차세대 전력반도체 SiC 웨이퍼 결함 검사 장비 국산화", "12억 원"],
                  ["TERMINATED", "수소 연료전지 스택 내구성 평가 플랫폼 구축", "5억 2,000만 원"],
                ].map(([s, title, money]) => (
                  <li key={title} className="card card--interactive">
                    <p className="card__eyebrow">
                      <ProjectStatusBadge status={s as "ACTIVE"} size="sm" />
                      <span>산업기술혁신사업</span>
                    </p>
                    <h3 className="card__title">
                      <Link className="card__link" href="/style-preview">
                        {title}
                      </Link>
                    </h3>
                    <p className="card__meta">
                      <span>
                        <span className="sr-only">기간</span>2023.04 – 2026.12
                      </span>
                      <span>주관 ㈜예시기업</span>
                      <span className="num">정부출연금 {money}</span>
                    </p>
                  </li>
                ))}
              </ul>
              <Pagination page={page} pageCount={20} hrefForPage={(p) => `/style-preview?page=${p}`} showStatus />
            </div>
          </div>
        </section>

        <section className="section" aria-labelledby="s-figures">
          <div className="section__header">
            <h2 id="s-figures" className="section__title">
              주요 수치
            </h2>
            <a className="link link--arrow" href="#s-figures">
              출처 보기
            </a>
          </div>
          <div className="stat-grid">
            <div className="stat">
              <span className="stat__label">총 연구개발비</span>
              <span className="stat__value">38억 9,100만 원</span>
              <span className="stat__note">2024년 보도자료 기준</span>
            </div>
            <div className="stat">
              <span className="stat__label">참여기관</span>
              <span className="stat__value">7곳</span>
            </div>
            <div className="stat">
              <span className="stat__label">이정표 달성</span>
              <span className="stat__value">3 / 5</span>
            </div>
          </div>
          <dl className="desc-list desc-list--cols-2 mt-8">
            <div>
              <dt>사업명</dt>
              <dd>알키미스트 프로젝트</dd>
            </div>
            <div>
              <dt>과제 상태</dt>
              <dd>
                <ProjectStatusBadge status="ACTIVE" />
              </dd>
            </div>
            <div>
              <dt>연구 기간</dt>
              <dd className="num">2024.04.01 – 2028.12.31</dd>
            </div>
            <div>
              <dt>정부출연금</dt>
              <dd>
                <span className="num">38억 9,100만 원</span>
                <span className="desc-list__note">출처: 산업통상자원부 보도자료(2024.03.12)</span>
              </dd>
            </div>
            <div>
              <dt>주관기관</dt>
              <dd>㈜한국배터리</dd>
            </div>
            <div>
              <dt>민간부담금</dt>
              <dd className="text-subtle">출처에 없음</dd>
            </div>
          </dl>
        </section>

        <section className="section" aria-labelledby="s-table" id="table">
          <h2 id="s-table" className="section__subtitle">
            연차별 연구비
          </h2>
          <div className="table-wrap" role="region" aria-labelledby="s-table" tabIndex={0}>
            <table className="data-table">
              <caption className="sr-only">연차별 정부출연금과 민간부담금</caption>
              <thead>
                <tr>
                  <th scope="col">연차</th>
                  <th scope="col">기간</th>
                  <th scope="col" className="num">
                    정부출연금
                  </th>
                  <th scope="col" className="num">
                    민간부담금
                  </th>
                  <th scope="col">상태</th>
                </tr>
              </thead>
              <tbody>
                {[1, 2, 3].map((y) => (
                  <tr key={y}>
                    <th scope="row">{y}차년도</th>
                    <td className="nowrap">202{3 + y}.04 – 202{4 + y}.03</td>
                    <td className="num">9억 7,275만 원</td>
                    <td className="num">2억 4,000만 원</td>
                    <td>
                      <ProjectStatusBadge status={y === 1 ? "COMPLETED" : "ACTIVE"} size="sm" />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">합계</th>
                  <td />
                  <td className="num">29억 1,825만 원</td>
                  <td className="num">7억 2,000만 원</td>
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
          <p className="table-note">금액은 공개된 자료의 값을 그대로 옮겼습니다.</p>
        </section>

        <section className="section" aria-labelledby="s-timeline" id="timeline">
          <h2 id="s-timeline" className="section__title">
            성과 이정표
          </h2>
          <ol className="timeline mt-8">
            {(
              [
                ["ACHIEVED", "2024.10", "시제품 셀 제작", "에너지 밀도 400Wh/kg 셀 시제품을 제작했습니다."],
                ["IN_PROGRESS", "2025.06", "파일럿 라인 구축", undefined],
                ["MISSED", "2025.03", "국제 인증 취득", "시험 일정 지연으로 목표 시점을 지나쳤습니다."],
                ["DEFERRED", "2026", "양산 실증", undefined],
                ["PLANNED", "2028.12", "사업화", undefined],
              ] as const
            ).map(([s, date, title, body]) => (
              <li key={title} className={timelineItemClass(s)}>
                <div className="timeline__header">
                  <span className="timeline__date">{date}</span>
                  <MilestoneStatusBadge status={s} size="sm" />
                </div>
                <h3 className="timeline__title">{title}</h3>
                {body && <p className="timeline__body">{body}</p>}
              </li>
            ))}
          </ol>
        </section>

        <section className="section" aria-labelledby="s-misc">
          <h2 id="s-misc" className="section__title">
            버튼 · 배지 · 안내
          </h2>
          <div className="btn-group mt-4">
            <button className="btn btn--primary">주 버튼</button>
            <button className="btn btn--secondary">보조 버튼</button>
            <button className="btn btn--tertiary">3차 버튼</button>
            <button className="btn btn--text">텍스트 버튼</button>
            <button className="btn btn--primary" disabled>
              비활성
            </button>
          </div>
          <ul className="badge-list mt-4">
            {(["gray", "primary", "secondary", "success", "warning", "danger", "information"] as const).map((tone) => (
              <li key={tone}>
                <Badge tone={tone}>{tone}</Badge>
              </li>
            ))}
          </ul>
          <div className="callout callout--info mt-8">
            <p className="callout__title">자료 출처 안내</p>
            <p>이 과제의 수치는 2024년 3월 보도자료에서 가져왔습니다. 출처에 없는 항목은 비워 두었습니다.</p>
          </div>
          <div className="mt-8">
            <EmptyState
              title="조건에 맞는 과제가 없습니다"
              description="검색어를 줄이거나 선택한 필터를 해제해 보세요."
              action={
                <Link className="btn btn--secondary" href="/style-preview">
                  필터 모두 해제
                </Link>
              }
            />
          </div>
        </section>
      </div>
    </>
  );
}
