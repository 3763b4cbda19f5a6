const DAY_MS = 24 * 60 * 60 * 1000;

/** A date as the `yyyy-mm-dd` of an `<input type="date">`, in local time. */
export function asDateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}`;
}

/** The earliest and latest expiry dates a waiver request may pick: tomorrow to `maxDays` from today. */
export function expiryBounds(now: Date, maxDays: number) {
  return {
    min: asDateInput(new Date(now.getTime() + DAY_MS)),
    max: asDateInput(new Date(now.getTime() + maxDays * DAY_MS)),
  };
}

/**
 * The expiry of a picked date: the start of that day, local time, so the
 * last allowed date stays within `maxDays` of now as the backend counts.
 */
export function expiryOf(date: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [, y, m, d] = match;
  return new Date(Number(y), Number(m) - 1, Number(d));
}

/** Why a picked expiry is refused, or undefined when it is within bounds. */
export function expiryProblem(
  date: string,
  now: Date,
  maxDays: number,
): 'required' | 'past' | 'tooFar' | undefined {
  const expiry = expiryOf(date);
  if (!expiry) return 'required';
  if (expiry.getTime() <= now.getTime()) return 'past';
  if (expiry.getTime() > now.getTime() + maxDays * DAY_MS) return 'tooFar';
  return undefined;
}
