// Won amounts are bigint end to end and formatted only here (house style rule 18).
// Korean readers count large sums in 조 (10^12), 억 (10^8) and 만 (10^4): 3,891,000,000 → 38억 9,100만 원.
// English readers get exact decimal billions or millions: KRW 3.891 billion.

const JO = 1_000_000_000_000n;
const EOK = 100_000_000n;
const MAN = 10_000n;

function group(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function formatKo(won: bigint): string {
  const jo = won / JO;
  const eok = (won % JO) / EOK;
  const man = (won % EOK) / MAN;
  const rest = won % MAN;
  const parts: string[] = [];
  if (jo > 0n) parts.push(`${group(jo)}조`);
  if (eok > 0n) parts.push(`${group(eok)}억`);
  if (man > 0n) parts.push(`${group(man)}만`);
  if (rest > 0n || parts.length === 0) parts.push(group(rest));
  return `${parts.join(" ")} 원`;
}

/** Exact decimal of won / unit with trailing zeros trimmed: 3891000000 / 10^9 → "3.891". */
function exactDecimal(won: bigint, unit: bigint, digits: number): string {
  const whole = won / unit;
  const fraction = (won % unit).toString().padStart(digits, "0").replace(/0+$/, "");
  return fraction ? `${group(whole)}.${fraction}` : group(whole);
}

function formatEn(won: bigint): string {
  if (won >= 1_000_000_000n) return `KRW ${exactDecimal(won, 1_000_000_000n, 9)} billion`;
  if (won >= 1_000_000n) return `KRW ${exactDecimal(won, 1_000_000n, 6)} million`;
  return `KRW ${group(won)}`;
}

export function formatWon(won: bigint, locale: string): string {
  const negative = won < 0n;
  const abs = negative ? -won : won;
  const text = locale === "ko" ? formatKo(abs) : formatEn(abs);
  return negative ? `-${text}` : text;
}

/** The full figure for tooltips, tables and exports: 28,100,000,000원 / KRW 28,100,000,000. */
export function formatWonExact(won: bigint, locale: string): string {
  return locale === "ko" ? `${group(won)}원` : `KRW ${group(won)}`;
}
