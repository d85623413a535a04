// Temporary credentials kept between calls: pure, so the refresh rule is unit-tested.

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface RoleSession {
  credentials: Credentials & { expiration: Date };
  /** The session's identity, e.g. arn:aws:sts::111111111111:assumed-role/StackportDeployer/stackport. */
  assumedRoleArn: string;
}

/** Refresh this long before expiry, so no call is signed with credentials about to lapse (the SDK's own margin is 5 minutes too). */
export const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * A credential provider that assumes once and again only when the session is within
 * REFRESH_BEFORE_MS of expiring. Concurrent callers share one pending AssumeRole; a failed one
 * is not cached, so the next call tries again.
 */
export function cachedCredentials(assume: () => Promise<RoleSession>, now: () => number = Date.now): () => Promise<Credentials> {
  let current: RoleSession | undefined;
  let pending: Promise<RoleSession> | undefined;
  return async () => {
    if (current && current.credentials.expiration.getTime() - now() > REFRESH_BEFORE_MS) return current.credentials;
    pending ??= assume()
      .then((session) => (current = session))
      .finally(() => (pending = undefined));
    return (await pending).credentials;
  };
}
