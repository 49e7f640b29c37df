// Starts and stops the real tickgate gateway (the fat jar) for the browser tests.
//
//   TICKGATE_JAR        path to the fat jar (default ../../../target/tickgate-0.1.0-SNAPSHOT-all.jar
//                       relative to this test directory, i.e. app/target/...)
//   JAVA_HOME / JAVA    which java to run (default: $JAVA_HOME/bin/java, else java on PATH)
//   TICKGATE_JAVA_OPTS  extra JVM options, split on spaces
//   TICKGATE_SERVER_CMD run this command instead of "java ... -jar JAR" (same arguments
//                       appended); for trying the tests against another build of the server
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const APP_TARGET = path.resolve(TEST_DIR, '../../../target');
export const JAR = path.resolve(TEST_DIR, process.env.TICKGATE_JAR || '../../../target/tickgate-0.1.0-SNAPSHOT-all.jar');

// The same pattern as io.tickgate.gateway.ListeningLine, the Java side's one parser of this line (ingest=-1: no
// TCP ingest); keep the two alike.
const LISTENING = /\blistening http=(\d+) ingest=(-?\d+)\b/;

function serverCommand(args) {
  if (process.env.TICKGATE_SERVER_CMD) {
    const [cmd, ...pre] = process.env.TICKGATE_SERVER_CMD.trim().split(/\s+/);
    return { cmd, args: [...pre, ...args] };
  }
  if (!fs.existsSync(JAR)) {
    throw new Error(`gateway jar not found: ${JAR}\n  build it first (mvn -pl app -am package -DskipTests) or set TICKGATE_JAR`);
  }
  const java = process.env.JAVA || (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java');
  const opts = (process.env.TICKGATE_JAVA_OPTS || '').trim().split(/\s+/).filter(Boolean);
  return {
    cmd: java,
    args: ['-Dchronicle.analytics.disable=true', '-Dchronicle.announcer.disable=true', ...opts, '-jar', JAR, ...args],
  };
}

/**
 * A token minted by the jar's own "tickgate token" (the gateway's TokenMinter), e.g.
 * mintToken(secretFile, '--sub', 'alice', '--symbols', 'AAPL,MSFT', '--ttl', '15m').
 */
export function mintToken(secretFile, ...args) {
  const { cmd, args: full } = serverCommand(['token', '--secret-file', secretFile, ...args]);
  const r = spawnSync(cmd, full, { encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) throw new Error(`tickgate token ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout.trim();
}

export class Gateway {
  /** @param {{symbols?: number, rate?: number, journal?: string, args?: string[]}} o  args: more serve options */
  constructor(o = {}) {
    this.symbols = o.symbols ?? 500;
    this.rate = o.rate ?? 5000;
    this.args = o.args ?? [];
    this.journal = o.journal ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tickgate-browser-'));
    this.ownJournal = !o.journal;
    this.proc = null;
    this.httpPort = 0;
    this.ingestPort = 0;
    this.log = [];
  }

  get base() { return `http://127.0.0.1:${this.httpPort}`; }

  /**
   * Start the gateway and wait for "listening http=P ingest=Q" and a 200 from /health.
   * port: 0 = any free port; else that port (a restart reuses the previous one).
   */
  async start({ port = 0, timeoutMs = 90000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this._startOnce(port, deadline);
        await this._waitHealthy(deadline);
        return this;
      } catch (e) {
        const bindTrouble = /address already in use|BindException|bind/i.test(this.tail());
        if (port && bindTrouble && attempt < 20 && Date.now() < deadline) {
          await sleep(500); // the old process' port may take a moment to be free
          continue;
        }
        throw e;
      }
    }
  }

  _startOnce(port, deadline) {
    const args = ['serve', '--port', String(port), '--ingest-port', '0', '--journal', this.journal,
      '--sim-symbols', String(this.symbols), '--sim-rate', String(this.rate), ...this.args];
    // a test that drains says how long; the others stop at once, as before drains existed
    if (!this.args.includes('--drain-ms')) args.push('--drain-ms', '0');
    const { cmd, args: full } = serverCommand(args);
    this.log.push(`$ ${cmd} ${full.join(' ')}`);
    const proc = spawn(cmd, full, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    return new Promise((resolve, reject) => {
      let buf = '';
      let done = false;
      const timer = setTimeout(() => {
        reject(new Error(`gateway did not print "listening http=P ingest=Q" in time\n${this.tail()}`));
        this.kill();
      }, Math.max(1000, deadline - Date.now()));
      const onLine = (line, tag = '') => {
        this._remember(tag + line);
        const m = LISTENING.exec(line);
        if (m && !done) {
          done = true;
          this.httpPort = +m[1];
          this.ingestPort = +m[2];
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) { onLine(buf.slice(0, i)); buf = buf.slice(i + 1); }
      });
      let ebuf = '';
      proc.stderr.on('data', (d) => {
        ebuf += d;
        let i;
        // the line belongs on stdout; a logger may put it on stderr: accept it there too
        while ((i = ebuf.indexOf('\n')) >= 0) { onLine(ebuf.slice(0, i), '[stderr] '); ebuf = ebuf.slice(i + 1); }
      });
      proc.on('error', (e) => { clearTimeout(timer); reject(new Error(`cannot start ${cmd}: ${e.message}`)); });
      proc.on('exit', (code, sig) => {
        this._remember(`[exit] code=${code} signal=${sig}`);
        clearTimeout(timer);
        reject(new Error(`gateway exited (code ${code}, signal ${sig}) before listening\n${this.tail()}`));
      });
    });
  }

  async _waitHealthy(deadline) {
    let last = '';
    while (Date.now() < deadline) {
      try {
        const r = await fetch(`${this.base}/health`);
        if (r.status === 200) return;
        last = `HTTP ${r.status}`;
      } catch (e) { last = e.message; }
      await sleep(200);
    }
    throw new Error(`/health not 200 in time (${last})\n${this.tail()}`);
  }

  _remember(line) {
    this.log.push(line);
    if (this.log.length > 400) this.log.splice(0, this.log.length - 400);
  }

  tail(n = 40) { return this.log.slice(-n).join('\n'); }

  /** SIGTERM, then SIGKILL after graceMs; resolves when the process is gone. */
  async stop(graceMs = 15000) {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) { this.proc = null; return; }
    const gone = new Promise((res) => proc.once('exit', res));
    proc.kill('SIGTERM');
    const t = setTimeout(() => { this._remember('[harness] no exit after SIGTERM, sending SIGKILL'); proc.kill('SIGKILL'); }, graceMs);
    await gone;
    clearTimeout(t);
    this.proc = null;
  }

  kill() { if (this.proc) try { this.proc.kill('SIGKILL'); } catch { /* gone */ } }

  cleanup() {
    if (this.ownJournal) fs.rmSync(this.journal, { recursive: true, force: true });
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
