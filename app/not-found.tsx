import Link from "next/link";

export default function RootNotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-xl font-semibold">404 — We couldn’t find that page</h1>
      <Link className="font-medium text-brand-700 hover:underline" href="/">
        Go to Stackport
      </Link>
    </main>
  );
}
