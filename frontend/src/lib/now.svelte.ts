/** Ticker is a shared clock for countdowns and talk clocks (4 updates a second). */
class Ticker {
  now = $state(Date.now());
  perf = $state(performance.now());
  private started = false;
  start() {
    if (this.started) return;
    this.started = true;
    setInterval(() => {
      this.now = Date.now();
      this.perf = performance.now();
    }, 250);
  }
}

export const ticker = new Ticker();
