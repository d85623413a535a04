import { signOutAction } from "../actions";

// A plain form posting to a server action: it works before (or without) JavaScript and keeps
// next-auth/react out of every portal page's bundle.
export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <button type="submit" className="rounded-md px-3 py-2 text-sm font-medium text-brand-50 hover:bg-brand-700/60">
        Sign out
      </button>
    </form>
  );
}
