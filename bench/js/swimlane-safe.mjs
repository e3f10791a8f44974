// Which corpus references @swimlane/docker-reference can finish.
//
// Its regular expressions backtrack exponentially on some invalid inputs
// (`abcdefghijkl:.`-like strings run for minutes), and a JS regex cannot be
// interrupted, so each reference is parsed in a child process with a time
// budget: when one input runs past the budget the child is killed, that
// input is marked slow and a new child resumes at the next one.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./swimlane-child.mjs', import.meta.url));

/**
 * @param {string} corpusPath
 * @param {number} count number of references in the corpus
 * @param {number} budgetMs per-input budget
 * @returns {Promise<{safe: boolean[], slow: number[]}>}
 */
export async function swimlaneSafe(corpusPath, count, budgetMs = 200) {
  const safe = new Array(count).fill(true);
  const slow = [];
  let start = 0;
  while (start < count) {
    const next = await runFrom(corpusPath, start, budgetMs);
    if (next === null) break; // the child finished the rest
    safe[next] = false;
    slow.push(next);
    start = next + 1;
  }
  return { safe, slow };
}

// Runs a child from `start`; resolves null when it finishes, or the index of
// the input it was killed on.
function runFrom(corpusPath, start, budgetMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, corpusPath, String(start)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let current = -1;
    let since = performance.now();
    let pending = '';
    let killedAt = null;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      if (lines.length > 0) {
        current = Number(lines.at(-1));
        since = performance.now();
      }
    });
    // Before the first index the child is still loading: no budget applies.
    const timer = setInterval(() => {
      if (current >= 0 && performance.now() - since > budgetMs) {
        killedAt = current;
        child.kill('SIGKILL');
      }
    }, 5);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      if (killedAt !== null) resolve(killedAt);
      else if (code === 0) resolve(null);
      else reject(new Error(`swimlane child exited with ${code}`));
    });
  });
}
