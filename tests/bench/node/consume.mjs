// The official OpenAI Node SDK (npm openai@6) consuming one streamed chat
// completion: the peer that tests/bench/stream_consumption.sh measures
// zookioskctl against. Reads OPENAI_API_KEY and OPENAI_BASE_URL, streams
// `stream: true` with `stream_options.include_usage`, joins every
// choices[0].delta.content, and writes the text to stdout once the stream has
// ended. Nothing else goes to stdout.
//
//   node consume.mjs [MESSAGE]
//
// Environment: OPENAI_API_KEY, OPENAI_BASE_URL (e.g. http://127.0.0.1:PORT/v1),
// MODEL (default gpt-4o), EXPECT_CHARS (if set: exit 1 unless the text has
// exactly that many UTF-16 code units), BENCH_STATS=1 (one stats line on stderr).
import OpenAI from 'openai';

const client = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY,
  baseURL: process.env.OPENAI_BASE_URL,
  maxRetries: 0,
});

const message = process.argv[2] ?? 'What do you like to eat?';
const stream = await client.chat.completions.create({
  model: process.env.MODEL ?? 'gpt-4o',
  messages: [
    { role: 'system', content: 'You are Zara the Red Panda, talking with a young zoo visitor.' },
    { role: 'user', content: message },
  ],
  stream: true,
  stream_options: { include_usage: true },
});

const parts = [];
let chunks = 0;
let usage = null;
for await (const chunk of stream) {
  ++chunks;
  const content = chunk.choices?.[0]?.delta?.content;
  if (content) parts.push(content);
  if (chunk.usage) usage = chunk.usage;
}
const text = parts.join('');
process.stdout.write(text);

if (process.env.BENCH_STATS === '1') {
  process.stderr.write(`consume.mjs: chunks=${chunks} textDeltas=${parts.length} chars=${text.length} ` +
    `usage=${usage ? `${usage.prompt_tokens}/${usage.completion_tokens}` : 'none'}\n`);
}
if (process.env.EXPECT_CHARS !== undefined && text.length !== Number(process.env.EXPECT_CHARS)) {
  process.stderr.write(`consume.mjs: got ${text.length} characters, expected ${process.env.EXPECT_CHARS}\n`);
  process.exitCode = 1;
}
