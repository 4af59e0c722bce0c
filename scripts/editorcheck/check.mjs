// check.mjs runs yaml-language-server (the YAML extension's server) over
// LSP on stdio, with the schema ncpimage prints, on every manifest of a
// directory of bad and good examples, and prints one line per file:
//
//	ok   bad/name-underscore.yaml: line 8: <message>
//	MISS bad/duplicate-order.yaml: want line 9, got [] 
//
// A bad file marks the line of its mistake with "# <-" (or two lines,
// where it spans a key and its value: either counts); a good
// file (good/) must get no diagnostic at all. The last line counts the
// bad files flagged at their line; the exit status is 1 when fewer than
// --min are, or when a good file gets a diagnostic.
//
// Usage: node check.mjs SCHEMA.json DIR [--min N]
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const [schemaPath, dir] = process.argv.slice(2);
const minIdx = process.argv.indexOf('--min');
const min = minIdx > 0 ? Number(process.argv[minIdx + 1]) : 0;
if (!schemaPath || !dir) {
  console.error('usage: node check.mjs SCHEMA.json DIR [--min N]');
  process.exit(2);
}
const here = fileURLToPath(new URL('.', import.meta.url));
const server = join(here, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const schemaURI = pathToFileURL(resolve(schemaPath)).href;

const lsp = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
let buf = Buffer.alloc(0);
const waiting = new Map(); // uri -> resolve
const pendingReq = new Map();
let nextId = 1;
lsp.stdout.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const head = buf.indexOf('\r\n\r\n');
    if (head < 0) return;
    const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, head).toString())[1]);
    if (buf.length < head + 4 + len) return;
    const msg = JSON.parse(buf.subarray(head + 4, head + 4 + len).toString());
    buf = buf.subarray(head + 4 + len);
    onMessage(msg);
  }
});
function send(m) {
  const s = JSON.stringify({ jsonrpc: '2.0', ...m });
  lsp.stdin.write(`Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`);
}
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((res) => pendingReq.set(id, res));
}
function onMessage(msg) {
  if (msg.id !== undefined && pendingReq.has(msg.id)) {
    pendingReq.get(msg.id)(msg.result);
    pendingReq.delete(msg.id);
    return;
  }
  if (msg.id !== undefined && msg.method) {
    // workspace/configuration and friends: answer with the settings
    const items = (msg.params && msg.params.items) || [];
    send({ id: msg.id, result: items.map(() => settings.yaml) });
    return;
  }
  if (msg.method === 'textDocument/publishDiagnostics' && waiting.has(msg.params.uri)) {
    waiting.get(msg.params.uri)(msg.params.diagnostics);
    waiting.delete(msg.params.uri);
  }
}
const settings = {
  yaml: {
    validate: true,
    schemas: { [schemaURI]: '*.yaml' },
    schemaStore: { enable: false },
    format: { enable: false },
  },
};

await request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
send({ method: 'initialized', params: {} });
send({ method: 'workspace/didChangeConfiguration', params: { settings } });

function diagnose(path) {
  const uri = pathToFileURL(resolve(path)).href;
  const text = readFileSync(path, 'utf8');
  const got = new Promise((res) => waiting.set(uri, res));
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text } } });
  return got.then((d) => ({ text, diags: d }));
}

let flagged = 0, bad = 0, falseAlarms = 0;
for (const kind of ['bad', 'good']) {
  let names = [];
  try { names = readdirSync(join(dir, kind)).filter((n) => n.endsWith('.yaml')).sort(); } catch { continue; }
  for (const name of names) {
    const { text, diags } = await diagnose(join(dir, kind, name));
    const lines = diags.map((d) => d.range.start.line + 1);
    if (kind === 'good') {
      if (diags.length) {
        falseAlarms++;
        console.log(`FALSE good/${name}: ${diags.map((d) => `line ${d.range.start.line + 1}: ${d.message}`).join('; ')}`);
      } else console.log(`ok   good/${name}`);
      continue;
    }
    bad++;
    const want = text.split('\n').flatMap((l, i) => (l.includes('# <-') ? [i + 1] : []));
    const hit = diags.find((d) => want.includes(d.range.start.line + 1));
    if (hit) {
      flagged++;
      console.log(`ok   bad/${name}: line ${want}: ${hit.message.replace(/\s+/g, ' ')}`);
    } else {
      console.log(`MISS bad/${name}: want line ${want}, got [${lines}] ${diags.map((d) => d.message.replace(/\s+/g, ' ')).join('; ')}`);
    }
  }
}
console.log(`yaml-language-server flagged ${flagged} of ${bad} bad manifests at their line; ${falseAlarms} good manifests got a diagnostic`);
lsp.kill();
process.exit(flagged >= min && falseAlarms === 0 ? 0 : 1);
