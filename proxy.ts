import createMiddleware from "next-intl/middleware";
import { routing } from "@/lib/i18n/routing";

// Convenience only: adds the language prefix. Authorization never happens here (house style rule 6).
export default createMiddleware(routing);

export const config = {
  matcher: "/((?!api|_next|_vercel|fonts|.*\\..*).*)",
};
