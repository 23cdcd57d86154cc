import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth";

// next-auth's route handler; options are built per request because they read the environment.
function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(request, context);
}

export { handler as GET, handler as POST };
