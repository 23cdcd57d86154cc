import { NextResponse, type NextRequest } from "next/server";
import { getActor } from "@/lib/auth";
import { importErrorsFile } from "@/lib/data/imports";
import { isAppError } from "@/lib/errors";

// The uploaded file with an error column, in the user's language.
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  const locale = request.nextUrl.searchParams.get("locale") === "en" ? "en" : "ko";
  if (!Number.isInteger(id) || id < 1) return NextResponse.json({ error: "not found" }, { status: 404 });
  try {
    const file = await importErrorsFile(await getActor(), id, locale);
    return new NextResponse(new Uint8Array(file.data), {
      headers: {
        "Content-Type": file.contentType, "Cache-Control": "private, no-store",
        "Content-Disposition": `attachment; filename="import-${id}${file.fileName.slice(file.fileName.lastIndexOf("."))}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      },
    });
  } catch (error) {
    if (isAppError(error)) return NextResponse.json({ error: error.code }, { status: error.status });
    throw error;
  }
}
