import { readFile } from "node:fs/promises";
import path from "node:path";
import { getActor } from "@/lib/auth";
import { getOutboxFileName } from "@/lib/data/email-outbox";
import { isAppError, logUnexpected } from "@/lib/errors";
import { outboxDirectory } from "@/lib/reminders/transport";

// An outbox .eml file, for administrators (a machine without SMTP_URL keeps its e-mail there).
// The file name comes from the database row, never from the request.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const numeric = Number(id);
  if (!Number.isInteger(numeric) || numeric < 1 || numeric > 2_147_483_647) return new Response("Not found", { status: 404 });
  try {
    const name = await getOutboxFileName(await getActor(), numeric);
    const body = await readFile(/*turbopackIgnore: true*/ path.join(outboxDirectory(), path.basename(name)));
    return new Response(body, {
      headers: {
        "Content-Type": "message/rfc822",
        "Content-Disposition": `attachment; filename="${path.basename(name)}"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    if (isAppError(error)) return new Response(error.code, { status: error.status });
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Response("Not found", { status: 404 });
    const reference = logUnexpected(error, "outbox download");
    return new Response(`Unexpected error (${reference})`, { status: 500 });
  }
}
