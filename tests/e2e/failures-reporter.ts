// Writes the failed and flaky tests, with the first lines of each error, to
// test-results/failures.txt, so `cargo xtask test` can repeat them after the server log, where
// the end of a long CI log shows them.
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const OUTPUT = 'test-results/failures.txt';

export default class FailuresReporter implements Reporter {
  private lines: string[] = [];

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status === 'passed' || result.status === 'skipped') {
      return;
    }
    const where = `${test.location.file.split('/').pop()}:${test.location.line}`;
    this.lines.push(`${result.status} (try ${result.retry + 1}): ${test.titlePath().slice(1).join(' › ')} (${where})`);
    for (const error of result.errors) {
      const text = (error.message ?? error.value ?? '').replace(/\u001b\[[0-9;]*m/g, '');
      this.lines.push(...text.split('\n').slice(0, 12).map((line) => `    ${line}`));
    }
  }

  onEnd() {
    mkdirSync(dirname(OUTPUT), { recursive: true });
    writeFileSync(OUTPUT, this.lines.length ? `${this.lines.join('\n')}\n` : '');
  }
}
