import { NextResponse } from "next/server";
import { getActor } from "@/lib/auth";
import { getImport } from "@/lib/data/imports";
import { isAppError } from "@/lib/errors";

// An import's status and progress, polled by the import page's progress bar.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id < 1) return NextResponse.json({ error: "not found" }, { status: 404 });
  try {
    const r = await getImport(await getActor(), id);
    return NextResponse.json(
      { id: r.id, status: r.status, progressDone: r.progressDone, progressTotal: r.progressTotal, stalled: r.stalled },
      { headers: { "Cache-Control": "private, no-store" } },
    );
  } catch (error) {
    if (isAppError(error)) return NextResponse.json({ error: error.code }, { status: error.status });
    throw error;
  }
}
