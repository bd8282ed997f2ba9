// The named peer of zk_bench_localchecks: obscenity (npm), a well-known
// profanity filter with leetspeak and look-alike transforms, timed per message
// over the same message set, the same way (see localchecks_vs_peer.sh).
//
//   node bench_obscenity.mjs MESSAGES.json [--reps N]     (default 20)
//
// MESSAGES.json is written by `zk_bench_localchecks --messages FILE`: an array
// of {text, source, benign, within}. Per message: matcher.getAllMatches(text,
// true), i.e. every profane term found with its position (the kiosk's checks
// also say what they found), with obscenity's English dataset and its
// recommended transformers (confusables, leetspeak, lower case, repeated
// letters, non-letters skipped), built once before timing.
//
// What the peer does NOT do, unlike the kiosk's local checks: Unicode
// normalisation of the text for display, personal-data redaction, prompt-
// injection and jailbreak detection, harmful-request rules (violence,
// self-harm, drugs...), Spanish. It is a profanity filter: it does less work
// per message, so its times are a floor for a word-list check in JavaScript,
// not the cost of the same screen.
//
// Each message is timed on its own, REPS rounds in a shuffled order (one
// untimed warm-up round first): CPU time from process.cpuUsage() (user +
// system of the process, microseconds; Node is one JavaScript thread here) and
// wall time from process.hrtime.bigint(). Quantiles as in the C++ benchmark:
// sorted sample at index round(q * (n - 1)).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';

const args = process.argv.slice(2);
if (args.length < 1) {
    console.error('usage: node bench_obscenity.mjs MESSAGES.json [--reps N]');
    process.exit(2);
}
const repsAt = args.indexOf('--reps');
const reps = Math.max(1, repsAt >= 0 ? parseInt(args[repsAt + 1], 10) || 20 : 20);
const messages = JSON.parse(readFileSync(args[0], 'utf8'));
if (!Array.isArray(messages) || messages.length === 0) {
    console.error(`bench_obscenity: no messages in ${args[0]}`);
    process.exit(1);
}

// The installed version (the package does not export its package.json).
const here = dirname(fileURLToPath(import.meta.url));
const version = JSON.parse(readFileSync(join(here, 'node_modules', 'obscenity', 'package.json'), 'utf8')).version;

const built0 = process.hrtime.bigint();
const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
const builtMs = Number(process.hrtime.bigint() - built0) / 1e6;

let sink = 0;
const check = (text) => {
    sink += matcher.getAllMatches(text, true).length;
};

// A small seeded generator (mulberry32) so every run shuffles alike.
let seed = 42;
const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const shuffle = (a) => {
    for (let i = a.length - 1; i > 0; --i) {
        const j = Math.floor(random() * (i + 1));
        [a[i], a[j]] = [a[j], a[i]];
    }
};

const rows = {
    cpuAll: [], cpuWithin: [], cpuBenign: [], cpuChildren: [],
    wallAll: [], wallWithin: [], wallChildren: [],
};
for (const m of messages) check(m.text); // warm-up: JIT, regex compilation

const order = messages.map((_, i) => i);
for (let round = 0; round < reps; ++round) {
    shuffle(order);
    for (const i of order) {
        const m = messages[i];
        const w0 = process.hrtime.bigint();
        const c0 = process.cpuUsage();
        check(m.text);
        const c = process.cpuUsage(c0);
        const wall = Number(process.hrtime.bigint() - w0) / 1e3;
        const cpu = c.user + c.system;
        const child = m.source.startsWith('children_');
        rows.cpuAll.push(cpu);
        rows.wallAll.push(wall);
        if (m.within) {
            rows.cpuWithin.push(cpu);
            rows.wallWithin.push(wall);
        }
        if (m.benign) rows.cpuBenign.push(cpu);
        if (child) {
            rows.cpuChildren.push(cpu);
            rows.wallChildren.push(wall);
        }
    }
}

const pad = (s, n) => (n < 0 ? String(s).padEnd(-n) : String(s).padStart(n));
const report = (name, us) => {
    const s = Float64Array.from(us).sort();
    const at = (q) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
    const total = s.reduce((a, b) => a + b, 0);
    console.log(`${pad(name, -52)} ${pad(s.length, 8)} ${pad(at(0.5).toFixed(1), 8)} ${pad(at(0.9).toFixed(1), 8)} `
        + `${pad(at(0.99).toFixed(1), 8)} ${pad(s[s.length - 1].toFixed(1), 9)} ${pad((total / s.length).toFixed(1), 8)} `
        + `${pad(total > 0 ? (s.length / (total / 1e6)).toFixed(0) : '0', 10)}`);
};
const header = `${pad('', -52)} ${pad('samples', 8)} ${pad('p50', 8)} ${pad('p90', 8)} ${pad('p99', 8)} ${pad('max', 9)} `
    + `${pad('mean', 8)} ${pad('msgs/s', 10)}`;

const benign = messages.filter((m) => m.benign).length;
console.log(`bench_obscenity: obscenity ${version} (englishDataset + englishRecommendedTransformers, getAllMatches), `
    + `node ${process.version}; ${messages.length} messages (${benign} benign), ${reps} rounds; matcher built in `
    + `${builtMs.toFixed(1)} ms`);
console.log('');
console.log('CPU TIME PER CALL, microseconds (process.cpuUsage: user + system)');
console.log(header);
report('peer check, all messages', rows.cpuAll);
report('peer check, messages <= 500 chars', rows.cpuWithin);
report('peer check, benign questions (XSTest, children)', rows.cpuBenign);
report("peer check, children's questions", rows.cpuChildren);
console.log('');
console.log('WALL-CLOCK TIME PER CALL, microseconds (process.hrtime)');
console.log(header);
report('peer check, all messages', rows.wallAll);
report('peer check, messages <= 500 chars', rows.wallWithin);
report("peer check, children's questions", rows.wallChildren);
console.log('');

// What it flags, by group, over this message set (figures only: the set
// includes list terms the kiosk allowlists on purpose, so these are not the
// zk_safety_eval shares).
const groupOf = (m) => {
    if (m.benign) return 'benign';
    if (/^(ldnoobw|dsojevic|surge)/.test(m.source)) return 'profanity lists';
    if (/^(harmbench|gptfuzz_questions|xstest)$/.test(m.source)) return 'harmful requests';
    return 'injection / jailbreak';
};
const flagged = new Map();
for (const m of messages) {
    const g = groupOf(m);
    const [n, f] = flagged.get(g) ?? [0, 0];
    flagged.set(g, [n + 1, f + (matcher.hasMatch(m.text) ? 1 : 0)]);
}
console.log('FLAGGED BY THE PEER (hasMatch), by group');
for (const [g, [n, f]] of flagged)
    console.log(`  ${pad(g, -24)} ${pad(f, 6)} of ${pad(n, 6)} = ${pad((100 * f / n).toFixed(1), 5)}%`);
if (sink < 0) console.log(sink);
