import ExcelJS from "@/lib/import/excel";

// Workbooks for the import tests, built in memory.

export type Sheet = { name: string; rows: unknown[][] };

/** An .xlsx file of the given sheets, rows as given. */
export async function xlsx(sheets: Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
