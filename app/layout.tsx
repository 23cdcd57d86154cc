import type { ReactNode } from "react";

// The real root layout is app/[locale]/layout.tsx (it renders <html lang>). This one only
// exists because app/not-found.tsx needs a layout above it; it passes children through.
export default function RootLayout({ children }: { children: ReactNode }) {
  return children;
}
