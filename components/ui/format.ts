const dateTime = new Intl.DateTimeFormat("en-AU", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Dates render in UTC on the server and the client alike, labelled so. */
export function formatDateTime(value: Date | string): string {
  return `${dateTime.format(new Date(value))} UTC`;
}

// One formatter, made once: toLocaleString with a locale builds a new one on every call.
const wholeNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatUsd(amount: number, { signed = false } = {}): string {
  const text = `$${wholeNumber.format(Math.abs(Math.round(amount)))}`;
  if (!signed) return amount < 0 ? `-${text}` : text;
  return amount > 0 ? `+${text}` : amount < 0 ? `-${text}` : text;
}
