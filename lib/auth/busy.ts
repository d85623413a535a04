/** What a sign-in refused by the concurrency cap (SIGNIN_MAX_CONCURRENT_CHECKS) says, and when to retry. */
export const BUSY = "Too many people are signing in right now. Try again in a few seconds.";
export const BUSY_RETRY_SECONDS = 2;
