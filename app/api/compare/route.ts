import ExcelJS from "exceljs";
import { NextResponse, type NextRequest } from "next/server";
import { parseCompareSlugs } from "@/lib/data/comparison";
import { isLocale } from "@/lib/i18n/routing";
import { comparisonTable, comparisonView } from "@/lib/server/comparison-view";

// The comparison as CSV (UTF-8 with a byte-order mark, so Excel opens Korean correctly) or XLSX,
// with exactly the rows and texts of the screen. Same visibility rules as the page.
function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^[=+\-@\t]/.test(value) ? `"${value.replace(/^([=+\-@\t])/, "'$1").replace(/"/g, '""')}"` : value;
}

export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const format = params.get("format");
  const locale = params.get("locale") ?? "ko";
  if ((format !== "csv" && format !== "xlsx") || !isLocale(locale)) {
    return NextResponse.json({ error: "format must be csv or xlsx, locale ko or en" }, { status: 400 });
  }
  const view = await comparisonView(locale, parseCompareSlugs(params.getAll("p")));
  if (!view.enough) return NextResponse.json({ error: "select 2 to 6 visible projects (?p=slug&p=slug)" }, { status: 400 });
  const table = await comparisonTable(locale, view);
  const name = `keit-comparison-${new Date().toISOString().slice(0, 10)}`;
  const headers = { "Cache-Control": "private, no-store" };
  if (format === "csv") {
    const body = `\uFEFF${table.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
    return new NextResponse(body, { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}.csv"` } });
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(locale === "ko" ? "과제 비교" : "Comparison");
  for (const row of table) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn(1).font = { bold: true };
  sheet.columns.forEach((column, i) => { column.width = i === 0 ? 24 : 36; });
  sheet.views = [{ state: "frozen", xSplit: 1, ySplit: 1 }];
  const buffer = await workbook.xlsx.writeBuffer();
  return new NextResponse(new Uint8Array(buffer as ArrayBuffer), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Content-Disposition": `attachment; filename="${name}.xlsx"` },
  });
}
