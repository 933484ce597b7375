/** choiceList joins numbers the way the banner says them: "1 or 2", "1, 2 or 3". */
export function choiceList(numbers: (number | string)[]): string {
  if (numbers.length === 0) return '';
  if (numbers.length === 1) return String(numbers[0]);
  return numbers.slice(0, -1).join(', ') + ' or ' + numbers[numbers.length - 1];
}

/** plural returns "1 vote" / "2 votes". */
export function plural(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** resultLabel is a short readable label for an inbox entry's result. */
export function resultLabel(result: string): string {
  switch (result) {
    case 'counted':
      return 'counted';
    case 'changed':
      return 'changed vote';
    case 'ignored':
      return 'ignored';
    case 'invalid':
      return 'not a vote';
    case 'late':
      return 'late';
    case 'no-poll':
      return 'no poll open';
    case 'command':
      return 'command';
    case 'duplicate':
      return 'duplicate';
    case 'unreadable':
      return 'unreadable text kept';
    case 'superseded':
      return 'older text';
    default:
      return result;
  }
}

/** resultCounts says whether an inbox result is a vote that counts. */
export function resultCounts(result: string): boolean {
  return result === 'counted' || result === 'changed';
}
