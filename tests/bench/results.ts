/**
 * The benchmarks' figures file, tests/bench/RESULTS.md, written by the benchmarks themselves: run one
 * with `-- --write` (or all: `npm run bench:all -- --write`) and its section of the file is replaced by
 * what it printed, with the date and the machine it ran on. A figure in the docs is then always one a
 * command produced.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const FILE = join(import.meta.dirname, 'RESULTS.md');
const HEADER = `# Benchmark results

Written by the benchmarks (\`npm run bench:all -- --write\`, or one of them with \`-- --write\`); each
section says when and where it ran. Edit the benchmarks, not this file.
`;

/** What a benchmark prints: to the console, and, with --write, into its section of RESULTS.md. */
export function benchOutput(name: string, title: string, command: string) {
  const lines: string[] = [];
  return {
    log(...parts: unknown[]): void {
      const line = parts.map(String).join(' ');
      console.log(line);
      lines.push(line);
    },
    /** Writes the section (only with --write); `extra` names what else the run used (a browser's version). */
    save(extra = ''): void {
      if (!process.argv.includes('--write')) return;
      const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}${extra ? `, ${extra}` : ''}`;
      const section = `<!-- ${name} -->\n## ${title}\n\n\`${command}\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine}\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n<!-- /${name} -->`;
      const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
      const pattern = new RegExp(`<!-- ${name} -->[\\s\\S]*?<!-- /${name} -->`);
      writeFileSync(FILE, pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`);
      console.log(`(written to tests/bench/RESULTS.md, section "${title}")`);
    },
  };
}
