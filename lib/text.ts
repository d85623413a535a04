// Small wording helpers shared by view models and messages. Pure.

/** "production needs…" → "Production needs…": a message or label as the start of a sentence. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
