// A minimal MCP stdio server for the attack run: 'hang' never answers (per-server timeout),
// 'probe' reports what the server process can see (environment, a file) for the MCP sandbox.
const fs = require('fs');
const rl = require('readline').createInterface({ input: process.stdin });
const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
const text = (id, t) => send({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: t }] } });
rl.on('line', (line) => {
  let m;
  try { m = JSON.parse(line); } catch (e) { return; }
  if (m.id === undefined) return; // notifications
  if (m.method === 'initialize') {
    send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params.protocolVersion,
      capabilities: { tools: {} }, serverInfo: { name: 'hang', version: '1.0.0' } } });
  } else if (m.method === 'tools/list') {
    send({ jsonrpc: '2.0', id: m.id, result: { tools: [
      { name: 'hang', description: 'Never returns', inputSchema: { type: 'object', properties: {} },
        annotations: { readOnlyHint: true } },
      { name: 'probe', description: 'Environment and a file', annotations: { readOnlyHint: true },
        inputSchema: { type: 'object', properties: { path: { type: 'string' } } } }] } });
  } else if (m.method === 'tools/call' && m.params.name === 'probe') {
    let file;
    try { file = fs.readFileSync(m.params.arguments.path, 'utf8'); } catch (e) { file = 'unreadable: ' + e.code; }
    text(m.id, 'env: ' + JSON.stringify(process.env) + '\nfile: ' + file);
  } else if (m.method === 'ping') {
    send({ jsonrpc: '2.0', id: m.id, result: {} });
  }
  // tools/call of 'hang': never answered
});
