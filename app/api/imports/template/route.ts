import { NextResponse } from "next/server";
import { templateWorkbook } from "@/lib/import/template-file";

// The import template (public: it holds headers and explanations only).
export async function GET() {
  return new NextResponse(new Uint8Array(await templateWorkbook()), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="keit-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent("KEIT-가져오기-양식.xlsx")}`,
      "Cache-Control": "public, max-age=3600",
    },
  });
}
