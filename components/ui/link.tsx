import "server-only";
import NextLink from "next/link";
import { getLocale } from "next-intl/server";
import type { ComponentProps } from "react";
import { localizeHref } from "@/components/layout/locale-path";

type Props = Omit<ComponentProps<typeof NextLink>, "href"> & { href: string };

/**
 * A link to a page of this site in the page's language, for server components. next-intl's Link
 * renders a client component that reads the language from NextIntlClientProvider, which would put
 * next-intl's client and its message formatter into every public page's JavaScript
 * (docs/decisions/0023-first-load.md); here the server resolves the language and only Next.js's
 * own link reaches the browser. Client components (the workspace forms) keep lib/i18n/navigation.
 *
 * Links are not prefetched unless a caller asks (`prefetch`): Next.js would otherwise fetch the
 * payload of every link in the viewport as soon as the page is idle (the brand link, each project
 * card), which costs the server a render each, bypasses the page cache (router requests never hit
 * it) and parses those payloads on the main thread while Lighthouse measures blocking time
 * (docs/decisions/0023-first-load.md).
 */
export async function Link({ href, prefetch = false, ...rest }: Props) {
  return <NextLink href={localizeHref(href, await getLocale())} prefetch={prefetch} {...rest} />;
}
