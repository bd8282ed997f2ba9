// The named peer of tests/bench/remote_load.sh: the kiosk's remote management
// protocol (JSON-RPC 2.0 text frames over WebSocket, issue 8) served by
// Node.js with the `ws` package, the WebSocket server most Node services use.
// Same challenge and login as the kiosk (auth.challenge with 32 random bytes,
// auth.login with hex HMAC-SHA256(token, nonce), a nonce good for one login,
// nothing before login), same replies: each method answers with the result
// the real kiosk gave for it (--replies FILE, captured by remote_load.sh), from
// memory. So it measures the transport, the login and JSON on both sides, not
// the kiosk's database reads: a floor for the kiosk's latency, not a rival.
//
//   ZOOKIOSK_REMOTE_TOKEN=... node remote_peer.mjs --replies FILE [--port N]
//
// Prints "LISTENING ws://127.0.0.1:PORT" on stdout once it accepts connections.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { WebSocketServer } from 'ws';

const args = process.argv.slice(2);
const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const token = process.env.ZOOKIOSK_REMOTE_TOKEN;
const repliesFile = option('--replies');
if (!token || !repliesFile) {
    console.error('remote_peer.mjs: needs ZOOKIOSK_REMOTE_TOKEN and --replies FILE');
    process.exit(2);
}
const replies = JSON.parse(readFileSync(repliesFile, 'utf8'));
const port = Number(option('--port', '0'));

const send = (ws, object) => ws.send(JSON.stringify(object));
const error = (id, code, message) => ({ jsonrpc: '2.0', id, error: { code, message } });

const server = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 64 * 1024 });
server.on('connection', (ws) => {
    let nonce = randomBytes(32);
    let loggedIn = false;
    send(ws, { jsonrpc: '2.0', method: 'auth.challenge', params: { nonce: nonce.toString('base64') } });
    ws.on('message', (data, isBinary) => {
        let request;
        try {
            if (isBinary)
                throw new Error('binary');
            request = JSON.parse(data.toString('utf8'));
        } catch {
            send(ws, error(null, -32700, 'Parse error'));
            return;
        }
        const id = request.id ?? null;
        if (request.jsonrpc !== '2.0' || typeof request.method !== 'string') {
            send(ws, error(id, -32600, 'Invalid Request'));
            return;
        }
        if (request.method === 'auth.login') {
            const hmac = String(request.params?.hmac ?? '');
            const expected = createHmac('sha256', token).update(nonce ?? Buffer.alloc(0)).digest();
            const given = Buffer.from(hmac, 'hex');
            const ok = !loggedIn && nonce && given.length === expected.length && timingSafeEqual(given, expected);
            nonce = null; // good for one login only
            if (!ok) {
                send(ws, error(id, -32002, 'Authentication failed'));
                ws.close(4001, 'wrong hmac');
                return;
            }
            loggedIn = true;
            send(ws, { jsonrpc: '2.0', id, result: { ok: true, methods: Object.keys(replies) } });
            return;
        }
        if (!loggedIn) {
            send(ws, error(id, -32001, 'Log in first (auth.login)'));
            ws.close(4002, 'not logged in');
            return;
        }
        if (!(request.method in replies)) {
            send(ws, error(id, -32601, 'Method not found: ' + request.method));
            return;
        }
        send(ws, { jsonrpc: '2.0', id, result: replies[request.method] });
    });
});
server.on('listening', () => {
    console.log(`LISTENING ws://127.0.0.1:${server.address().port}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
