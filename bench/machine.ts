/** The machine and runtime a benchmark ran on, for the printed header and docs/performance.md. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The 1-minute load average (0 where the OS has none): above ~0.5 on this machine, other work competes. */
export function loadAverage(): number {
  return os.loadavg()[0];
}

/** CPU model, logical core count, Node and V8 versions, OS. */
export function machine(): { cpu: string; cores: number; node: string; v8: string; os: string } {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    // /proc/cpuinfo, when present, is the same source os.cpus() reads; it may name the model more fully.
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m && m[1].trim().length > cpu.length) cpu = m[1].trim();
  } catch {
    // Not Linux: keep os.cpus()'s answer.
  }
  return {
    cpu,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    node: process.version,
    v8: process.versions.v8,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}
