/**
 * A count with its noun, for text every surface shows (plan prerequisites, notifications, bot cards):
 * "1 port order", "2,499 numbers". Digits are grouped the en-US way so that a stored plan reads the same
 * on every server, whatever its locale.
 */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
