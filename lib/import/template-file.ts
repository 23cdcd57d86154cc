// The template workbook: one sheet per kind with its Korean headers (required ones bold), and a
// guide sheet listing every field, its English alias and the values accepted.
import ExcelJS from "./excel";
import enumsKo from "@/lib/i18n/messages/ko/enums.json";
import { TEMPLATE } from "./template";

const TYPE_HELP: Record<string, string> = {
  key: "과제번호 (가져오기의 기준 키) / project number (the import key)",
  text: "텍스트 / text",
  longText: "텍스트 / text",
  won: "금액(원): 3,891,000,000 · 38억 9,100만 원 · 38.91억",
  month: "월: 2021.7 · 2021-07 · 2021년 7월 · 날짜",
  partialDate: "날짜: 2028 · 2024.10 · 2021-07-15",
  integer: "정수 / whole number",
  decimal: "숫자(소수 4자리까지) / number",
  boolean: "예/아니오 · yes/no",
  program: "사업코드 또는 사업명 / programme code or name",
  institution: "기관명 (참여기관 시트에 없는 새 기관은 기관유형과 함께) / institution name",
  costCategory: "비목명(국문·영문) 또는 코드: 인건비 · Personnel · PERSONNEL / cost category name or code",
};

export async function templateWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "KEIT R&D portfolio";
  for (const spec of TEMPLATE) {
    const sheet = workbook.addWorksheet(spec.sheet);
    sheet.addRow(spec.fields.map((f) => f.header));
    spec.fields.forEach((f, i) => {
      const cell = sheet.getRow(1).getCell(i + 1);
      cell.font = { bold: f.required ?? false };
      cell.note = `${f.aliases[0] ?? f.field}${f.required ? " (필수/required)" : ""}`;
      sheet.getColumn(i + 1).width = Math.max(12, f.header.length * 2 + 4);
      // Text columns stay text, so Excel keeps "2021.10" and leading zeros as typed.
      if (["key", "month", "partialDate", "won"].includes(f.type)) sheet.getColumn(i + 1).numFmt = "@";
    });
    sheet.views = [{ state: "frozen", ySplit: 1 }];
  }
  const guide = workbook.addWorksheet("설명");
  guide.addRow(["시트 / sheet", "머리글 / header", "영문 별칭 / English alias", "필수 / required", "값 / values"]);
  guide.getRow(1).font = { bold: true };
  const enums = enumsKo as Record<string, Record<string, string>>;
  for (const spec of TEMPLATE) {
    for (const f of spec.fields) {
      const values = f.enumOf ? Object.entries(enums[f.enumOf] ?? {}).map(([code, label]) => `${label} (${code})`).join(", ") : TYPE_HELP[f.type] ?? "";
      guide.addRow([`${spec.sheet} (${spec.kind})`, f.header, f.aliases[0] ?? "", f.required ? "필수" : "", values]);
    }
  }
  guide.columns.forEach((c, i) => { c.width = [22, 18, 24, 8, 80][i]; });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
