import type { Backend } from '../backend/api';

/**
 * presenting is what the last Present said (the console's screen panel shows
 * it), shared by the `S` key and the panel's button.
 */
export const presenting = $state({ message: '', busy: false });

/**
 * present shows the stage on display (from 0; -1 = the other one) through
 * run, which reports a failure as the page's error toast.
 */
export async function present(backend: Backend, run: (f: () => Promise<void>) => Promise<boolean>, display = -1): Promise<void> {
  if (presenting.busy) return;
  presenting.busy = true;
  presenting.message = '';
  try {
    await run(async () => {
      const p = await backend.present(display);
      presenting.message = p.message;
    });
  } finally {
    presenting.busy = false;
  }
}
