/** The machine and runtime a benchmark ran on, for the printed header and docs/performance.md. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The 1-minute load average (0 where the OS has none): above ~0.5 on this machine, other work competes. */
export function loadAverage(): number {
  return os.loadavg()[0];
}

/**
 * The logical CPU the calling thread last ran on (field 39 of /proc/thread-self/stat), or −1 where the OS
 * does not say. On this project's VM the two vCPUs can differ in speed by ~45% for minutes at a time (a busy
 * neighbour on the host), so the printed figures say which one the bench ran on.
 */
export function currentCpu(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // Fields after the command name (which may contain spaces), which ends at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpu = Number(fields[39 - 3]);
    return Number.isInteger(cpu) ? cpu : -1;
  } catch {
    return -1;
  }
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
