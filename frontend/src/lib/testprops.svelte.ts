/** reactiveProps returns props a test can change after mount (a $state proxy). */
export function reactiveProps<T extends object>(initial: T): T {
  const p = $state(initial);
  return p;
}
