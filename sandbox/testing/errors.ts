// For the sandbox's integration tests: what a call that must fail failed with, as the SDK reports it.

export interface CallError {
  name: string;
  message: string;
  /** The HTTP status of the answer, when the SDK saw one. */
  status?: number;
}

/** The error `p` rejects with (name, message, HTTP status); a call that succeeds fails the test. */
export async function errorOf(p: Promise<unknown>): Promise<CallError> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error("expected the call to fail");
}
