import { NextResponse, type NextRequest } from "next/server";
import { getActor } from "@/lib/auth";
import { maxUploadBytes, startImport } from "@/lib/data/imports";
import { isAppError, logUnexpected } from "@/lib/errors";
import { isLocale } from "@/lib/i18n/routing";

// The upload of the import page (a plain multipart form, so it works without JavaScript and is not
// bound by the server actions' body limit). Redirects to the import's page, or back with an error.
// A relative Location: behind a proxy (or on 127.0.0.1), request.url's host is not the one the
// browser used, and a redirect to it would lose the session cookie.
function seeOther(location: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { Location: location } });
}

export async function POST(request: NextRequest) {
  const back = (locale: string, query: string) => seeOther(`/${locale}/manage/import${query}`);
  const declared = Number(request.headers.get("content-length") ?? 0);
  const localeHint = request.nextUrl.searchParams.get("locale") ?? "ko";
  const fallbackLocale = isLocale(localeHint) ? localeHint : "ko";
  if (declared > maxUploadBytes() + 1024 * 1024) return back(fallbackLocale, "?error=fileTooLarge");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return back(fallbackLocale, "?error=uploadFailed");
  }
  const localeField = String(form.get("locale") ?? fallbackLocale);
  const locale = isLocale(localeField) ? localeField : "ko";
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return back(locale, "?error=fileEmpty");
  if (file.size > maxUploadBytes()) return back(locale, "?error=fileTooLarge");
  try {
    const mapping = String(form.get("mapping") ?? "").trim();
    const { id } = await startImport(await getActor(), {
      fileName: file.name, data: Buffer.from(await file.arrayBuffer()), publish: form.get("publish") === "on", mappingName: mapping || null,
    });
    return seeOther(`/${locale}/manage/import/${id}`);
  } catch (error) {
    if (isAppError(error)) {
      if (error.code === "UNAUTHENTICATED") return seeOther(`/${locale}/login`);
      const field = (error.details as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors;
      return back(locale, `?error=${encodeURIComponent(field ? Object.values(field)[0]?.[0] ?? error.code : error.code)}`);
    }
    const reference = logUnexpected(error, "import upload");
    return back(locale, `?error=unexpected&ref=${reference}`);
  }
}
