import type { Backend } from '../backend/api';
import { toApiError } from '../backend/api';
import { EventTimings } from '../backend/events';
import type { Coverage, TimingReport } from '../backend/types';

/** WalkStatus is the state of a "walk every branch" run. */
export interface WalkStatus {
  running: boolean;
  startedAt: number; // performance.now() when it started; 0 = never
  tookMs: number; // how long the last walk took
  result: Coverage | null;
  error: string | null;
}

/**
 * RehearsalStore holds what the console's rehearsal tools show: the timing
 * report, a walk's progress and coverage, the audience's bias, and a reset.
 * Every call reports its error in the field next to what it changes; none throws.
 */
export class RehearsalStore {
  report = $state.raw<TimingReport | null>(null);
  reportError = $state<string | null>(null);
  loading = $state(false);
  walkStatus = $state.raw<WalkStatus>({ running: false, startedAt: 0, tookMs: 0, result: null, error: null });
  bias = $state('');
  biasError = $state<string | null>(null);
  biasSaving = $state(false);
  resetting = $state(false);
  resetError = $state<string | null>(null);

  private session: number | null = null;
  private seq = 0;
  private off: (() => void) | null = null;

  constructor(
    readonly backend: Backend,
    private now: () => number = () => performance.now(),
  ) {}

  /**
   * start loads the report and the bias, and follows pushed timing reports:
   * the server publishes one each time the show records a slide time (every
   * move of a rehearsal), so the panel never refetches on its own.
   */
  async start(): Promise<void> {
    this.off ??= this.backend.on(EventTimings, (p) => {
      if (p && typeof p === 'object' && 'paths' in p) {
        this.seq++;
        this.report = p as TimingReport;
        this.reportError = null;
      }
    });
    await Promise.all([this.refresh(), this.loadAudience()]);
  }

  stop() {
    this.off?.();
    this.off = null;
  }

  /** sessionChanged refreshes the report when the show's session is another one (e.g. after a reset). */
  async sessionChanged(id: number | undefined): Promise<void> {
    if (id === undefined || id === this.session) return;
    const first = this.session === null;
    this.session = id;
    if (!first) await this.refresh();
  }

  /** refresh fetches the timing report again; an older answer never replaces a newer one. */
  async refresh(): Promise<void> {
    const my = ++this.seq;
    this.loading = true;
    try {
      const r = await this.backend.timingReport();
      if (my !== this.seq) return;
      this.report = r;
      this.reportError = null;
    } catch (e) {
      if (my === this.seq) this.reportError = toApiError(e).message;
    } finally {
      if (my === this.seq) this.loading = false;
    }
  }

  /** walk runs a walk of every branch (it takes seconds); a second call while one runs is ignored. */
  async walk(): Promise<void> {
    if (this.walkStatus.running) return;
    const t0 = this.now();
    this.walkStatus = { ...this.walkStatus, running: true, startedAt: t0, error: null };
    try {
      const result = await this.backend.walk();
      this.walkStatus = { running: false, startedAt: t0, tookMs: this.now() - t0, result, error: null };
    } catch (e) {
      this.walkStatus = { ...this.walkStatus, running: false, tookMs: this.now() - t0, error: toApiError(e).message };
    }
  }

  async loadAudience(): Promise<void> {
    try {
      this.bias = await this.backend.audience();
      this.biasError = null;
    } catch (e) {
      this.biasError = toApiError(e).message;
    }
  }

  /** setAudience applies a bias; it resolves true when the audience took it. */
  async setAudience(spec: string): Promise<boolean> {
    this.biasSaving = true;
    try {
      await this.backend.setAudience(spec.trim());
      this.bias = spec.trim();
      this.biasError = null;
      return true;
    } catch (e) {
      this.biasError = toApiError(e).message;
      return false;
    } finally {
      this.biasSaving = false;
    }
  }

  /** reset starts a fresh rehearsal session; the report follows the new session. */
  async reset(): Promise<boolean> {
    if (this.resetting) return false;
    this.resetting = true;
    try {
      await this.backend.resetRehearsal();
      this.resetError = null;
      return true;
    } catch (e) {
      this.resetError = toApiError(e).message;
      return false;
    } finally {
      this.resetting = false;
    }
  }
}
