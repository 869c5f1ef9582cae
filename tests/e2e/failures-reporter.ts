// Writes the failed and flaky tests, with the first lines of each error, to
// test-results/failures.txt, so `cargo xtask test` can repeat them after the server log, where
// the end of a long CI log shows them.
//
// Skipped tests are never silent: on CI (`CI` set) and under `cargo xtask test`
// (`LATCHKEY_E2E_NO_SKIPS` set) a skip fails the run, listed with its reason, since there every
// server a spec needs is started; elsewhere (`npx playwright test` against one server) they are
// listed loudly at the end.
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const OUTPUT = 'test-results/failures.txt';

function place(test: TestCase): string {
  return `${test.titlePath().slice(1).join(' › ')} (${test.location.file.split('/').pop()}:${test.location.line})`;
}

export default class FailuresReporter implements Reporter {
  private lines: string[] = [];
  private skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status === 'passed') {
      return;
    }
    if (result.status === 'skipped') {
      const why = test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
      this.skipped.push(`skipped: ${place(test)}: ${why}`);
      return;
    }
    this.lines.push(`${result.status} (try ${result.retry + 1}): ${place(test)}`);
    for (const error of result.errors) {
      const text = (error.message ?? error.value ?? '').replace(/\u001b\[[0-9;]*m/g, '');
      this.lines.push(...text.split('\n').slice(0, 12).map((line) => `    ${line}`));
    }
  }

  onEnd(result: FullResult): { status?: FullResult['status'] } | undefined {
    const skipsFail = !!process.env.CI || !!process.env.LATCHKEY_E2E_NO_SKIPS;
    if (this.skipped.length) {
      const banner = skipsFail
        ? `${this.skipped.length} TEST(S) SKIPPED: a skip fails the run on CI and under cargo xtask test`
        : `${this.skipped.length} TEST(S) SKIPPED: they did not run (cargo xtask test runs them all)`;
      console.error(`\n!!! ${banner} !!!\n${this.skipped.map((line) => `    ${line}`).join('\n')}\n`);
      if (skipsFail) {
        this.lines.push(...this.skipped);
      }
    }
    mkdirSync(dirname(OUTPUT), { recursive: true });
    writeFileSync(OUTPUT, this.lines.length ? `${this.lines.join('\n')}\n` : '');
    return skipsFail && this.skipped.length && result.status === 'passed' ? { status: 'failed' } : undefined;
  }
}
